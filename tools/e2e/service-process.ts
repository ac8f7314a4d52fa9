import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { services, type ServiceName } from '../services';

const root = resolve(__dirname, '../..');

export { services, type ServiceName };

export interface ServiceProcess {
  name: ServiceName;
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts a service from source, as `npm start` does, with the given environment.
 * AGORA_NODE_ARGS adds Node options, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile every
 * service of a benchmark run (Node refuses those in NODE_OPTIONS).
 */
export function startService(
  name: ServiceName,
  port: number,
  env: Record<string, string>,
): ServiceProcess {
  const nodeArgs = (process.env.AGORA_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const args = [...nodeArgs, '-r', '@swc-node/register', `apps/${name}/src/main.ts`];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return { name, port, child, output: () => output, exited };
}

/** Drops the database schemas service processes used (each service has one of its own). */
export async function dropSchemas(databaseUrl: string, schemas: Iterable<string>): Promise<void> {
  const names = [...schemas];
  if (names.length === 0) return;
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    for (const schema of names) await pg.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await pg.end();
  }
}
