import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
/** planner, auction, executor-a, evaluator, memory, executor-b, console. */
const SERVICES = 7;

async function free(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '0.0.0.0', () => server.close(() => done(true)));
  });
}

/** A base port with the six after it free as well. */
async function freeBlock(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Array.from({ length: SERVICES }, (_, i) => base + i);
    if ((await Promise.all(ports.map(free))).every(Boolean)) return base;
  }
  throw new Error('no block of free ports');
}

const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );

/**
 * `npm start` as a person runs it (tools/dev/start.ts, on ports of its own and topics of its
 * own): once the services run, a signal to it stops every one of them.
 */
describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops every service it started on %s, and exits 0',
    { timeout: 240_000 },
    async (signal) => {
      const base = await freeBlock();
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'tools/dev/start.ts', '--no-goal', '--base-port', String(base)],
        {
          cwd: root,
          env: {
            ...process.env,
            ...stackEnv(),
            KAFKA_TOPIC_PREFIX: uniquePrefix(`start-${signal.toLowerCase()}`),
            KAFKA_MAX_PARTITIONS: '2',
            DATABASE_POOL_SIZE: '3',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        await waitFor('the services running', () => output.includes('Services are running') || undefined, {
          timeoutMs: 180_000,
          intervalMs: 250,
        }).catch((error: unknown) => {
          throw new Error(`${String(error)}\n--- npm start ---\n${output.slice(-3000)}`);
        });
        expect(output).toContain(`console     http://127.0.0.1:${base + 6}`);
        const ports = Array.from({ length: SERVICES }, (_, i) => base + i);
        expect(await Promise.all(ports.map(answers))).toEqual(ports.map(() => true));

        child.kill(signal);
        expect(await exited).toBe(0);
        expect(output).toContain('Services stopped.');
        expect(await Promise.all(ports.map(answers))).toEqual(ports.map(() => false));
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );
});
