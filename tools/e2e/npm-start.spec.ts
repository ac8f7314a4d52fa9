import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * A base port with the six after it free as well, below Linux's ephemeral range (32768 and up),
 * where other tests' servers on port 0 and outgoing connections would take a port meanwhile.
 */
async function freeBlock(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
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

/** Every process but zombies, from /proc: pid → its parent and its start time (ticks after boot). */
function processTable(): Map<number, { ppid: number; started: string }> {
  const table = new Map<number, { ppid: number; started: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid … starttime (field 22); comm may hold spaces, so split after ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') {
        table.set(Number(name), { ppid: Number(fields[1]), started: fields[19] ?? '' });
      }
    } catch {
      // gone while we read
    }
  }
  return table;
}

/** Every live process below `pid`, each with its start time, so a reused pid is not taken for it. */
function descendants(pid: number): { pid: number; started: string }[] {
  const table = processTable();
  const found: { pid: number; started: string }[] = [];
  for (let parents = [pid]; parents.length > 0;) {
    const children = [...table]
      .filter(([, p]) => parents.includes(p.ppid))
      .map(([child, p]) => ({ pid: child, started: p.started }));
    found.push(...children);
    parents = children.map((c) => c.pid);
  }
  return found;
}

/** Those of `processes` still running. */
function stillRunning(processes: { pid: number; started: string }[]): number[] {
  const table = processTable();
  return processes.filter((p) => table.get(p.pid)?.started === p.started).map((p) => p.pid);
}

/**
 * `npm start` as a person runs it, through npm (npm → tsx → tools/dev/start.ts → services), on
 * ports of its own and topics of its own: once the services run, a signal to the npm process
 * (SIGTERM from a supervisor, SIGINT with `kill -INT` to a job in the background) stops the
 * script, tsx and every service, and frees every port.
 */
describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops every process and service it started when npm gets %s, and exits 0',
    { timeout: 240_000 },
    async (signal) => {
      const base = await freeBlock();
      const child = spawn('npm', ['start', '--', '--no-goal', '--base-port', String(base)], {
        cwd: root,
        env: {
          ...process.env,
          ...stackEnv(),
          KAFKA_TOPIC_PREFIX: uniquePrefix(`start-${signal.toLowerCase()}`),
          KAFKA_MAX_PARTITIONS: '2',
          DATABASE_POOL_SIZE: '3',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      let below: { pid: number; started: string }[] = [];
      try {
        await waitFor(
          'the services running',
          // Or npm ended: it will not start them, and its output says why.
          () => output.includes('Services are running') || child.exitCode !== null || undefined,
          {
            timeoutMs: 180_000,
            intervalMs: 250,
          },
        ).catch((error: unknown) => {
          throw new Error(`${String(error)}\n--- npm start ---\n${output.slice(-3000)}`);
        });
        expect(child.exitCode, output.slice(-3000)).toBeNull();
        expect(output).toContain(`console     http://127.0.0.1:${base + 6}`);
        const ports = Array.from({ length: SERVICES }, (_, i) => base + i);
        expect(await Promise.all(ports.map(answers))).toEqual(ports.map(() => true));

        // tsx, the script and the seven services.
        below = descendants(child.pid!);
        expect(below.length).toBeGreaterThanOrEqual(SERVICES + 2);

        child.kill(signal);
        const code = await Promise.race([
          exited,
          new Promise<string>((r) => setTimeout(() => r('still running after 60 s'), 60_000)),
        ]);
        expect(code, output.slice(-3000)).toBe(0);
        expect(output).toContain('Services stopped.');
        expect(await Promise.all(ports.map(answers))).toEqual(ports.map(() => false));
        expect(stillRunning(below)).toEqual([]);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        for (const pid of stillRunning(below)) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // ended meanwhile
          }
        }
      }
    },
  );
});
