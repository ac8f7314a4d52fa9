import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { cliEnv } from '../../apps/cli/src/cli-config';
import { memoryIngestCommand } from '../../apps/cli/src/commands/memory-ingest.command';
import { submitCommand } from '../../apps/cli/src/commands/submit.command';
import { buildConsoleWeb } from '../build/build-console-web';
import { ensureStack } from '../stack';
import { watchLaunchers } from './launcher-watch';

/*
 * The main job on a laptop: bring the local stack up, build the web console, start the services
 * from source (two executor processes, so several agents compete in every auction, and the
 * console, whose address is printed: nothing is opened), load the bundled documents
 * into memory, run a research goal to completion with live progress, and print its report.
 * `--serve` keeps the services running afterwards until Ctrl-C; the stack keeps running either
 * way (`npm run stack:down` stops it).
 */

const root = resolve(__dirname, '../..');
/** Each service's port, as an offset from --base-port (3000: the ports the CLI expects). */
const layout = [
  { name: 'planner', offset: 0, env: {} },
  { name: 'auction', offset: 1, env: {} },
  { name: 'executor', offset: 2, env: { AGENT_ID_SUFFIX: 'a' } },
  { name: 'executor', offset: 5, env: { AGENT_ID_SUFFIX: 'b' } },
  { name: 'evaluator', offset: 3, env: {} },
  { name: 'memory', offset: 4, env: {} },
  { name: 'console', offset: 6, env: {} },
] as const;

const corpusDir = resolve(root, 'libs/memory/domain/src/corpus');
const defaultGoal =
  'How do Kafka-based systems deliver each event exactly once, and what must consumers do when delivery fails?';

const program = new Command()
  .name('npm start --')
  .description('Start the local stack and the Agora services, the web console included')
  .option('--smoke', 'stop once every service is healthy (exit 0), without running a goal')
  .option('--serve', 'keep the services running after the goal, until Ctrl-C')
  .option('--no-goal', 'start everything but run no goal (implies --serve)')
  .option('--goal <text>', 'the research goal to run', defaultGoal)
  .option('--workflow <name>', 'workflow for the goal', 'research')
  .option(
    '--base-port <port>',
    'port of the planner; the other services take the next six (the CLI expects 3000)',
    (value: string) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1024 || port > 65_529)
        throw new InvalidArgumentError('--base-port must be a whole number from 1024 to 65529');
      return port;
    },
    3000,
  )
  .option(
    '--agents <file>',
    "the executors' agents: 'model' for apps/executor/agents.model.yaml (they think with the model at AGORA_MODEL_BASE_URL), or any agents file (AGENTS_FILE)",
  )
  .option(
    '--log-level <level>',
    'log level of the services, whose lines are shown prefixed with their name',
    'warn',
  )
  .parse();
const opts = program.opts<{
  smoke?: boolean;
  serve?: boolean;
  goal: string | false;
  workflow: string;
  basePort: number;
  logLevel: string;
  agents?: string;
}>();
/** The executors' AGENTS_FILE: --agents, where `model` names the shipped model-backed agents. */
const agentsFile =
  opts.agents === 'model' ? resolve(root, 'apps/executor/agents.model.yaml') : opts.agents;
if (agentsFile && !existsSync(agentsFile)) {
  program.error(`--agents: no file ${agentsFile}`);
}
const services = layout.map((s) => ({ ...s, port: opts.basePort + s.offset }));
const url = (name: (typeof layout)[number]['name']) =>
  `http://127.0.0.1:${services.find((s) => s.name === name)!.port}`;
/** Where the services and the CLI find each other when the ports moved. */
const addresses = {
  PLANNER_URL: url('planner'),
  AUCTION_URL: url('auction'),
  MEMORY_URL: url('memory'),
};

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function printLogLine(service: string, line: string): void {
  if (!line.trim()) return;
  try {
    const record = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    const level =
      record.level && record.level >= 50
        ? 'ERROR'
        : record.level && record.level >= 40
          ? 'WARN '
          : 'INFO ';
    const extra = record.err?.message ? ` (${record.err.message})` : '';
    process.stdout.write(`[${service.padEnd(9)}] ${level} ${record.msg ?? line}${extra}\n`);
  } catch {
    process.stdout.write(`[${service.padEnd(9)}] ${line}\n`);
  }
}

function startService(name: string, port: number, env: Record<string, string>): ChildProcess {
  const label = env.AGENT_ID_SUFFIX ? `${name}-${env.AGENT_ID_SUFFIX}` : name;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, ...env, HTTP_PORT: String(port), LOG_LEVEL: opts.logLevel },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) printLogLine(label, line);
    });
  }
  return child;
}

async function waitHealthy(name: string, port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode}; see its log above`);
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not report healthy on http://127.0.0.1:${port}/health within 120 s`);
}

/** Ports the services need that something else already listens on. */
async function takenPorts(): Promise<number[]> {
  const taken: number[] = [];
  for (const { port } of services) {
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen(port, '0.0.0.0', () => server.close(() => done(true)));
    });
    if (!free) taken.push(port);
  }
  return taken;
}

async function main(): Promise<void> {
  const taken = await takenPorts();
  if (taken.length > 0) {
    console.error(
      `Ports ${taken.join(', ')} are in use, so the services cannot start there. Another \`npm start\` ` +
        'may still be running: stop it (Ctrl-C), or find the process with `ss -ltnp`.',
    );
    process.exit(1);
  }
  console.log('Starting the local stack (Kafka, schema registry, PostgreSQL)…');
  const stack = await ensureStack();
  console.log('\nBuilding the web console (npm run build:console)…');
  await buildConsoleWeb().catch((error: unknown) => {
    // The console still starts: its page says how to build the app, and its API answers.
    console.warn(
      `the web console did not build: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  console.log(`\nStarting the services…`);
  if (opts.agents === 'model') {
    const env = process.env;
    console.log(
      `Executors host the agents of ${agentsFile}: model ${env['AGORA_MODEL'] || 'llama3.1'} at ${env['AGORA_MODEL_BASE_URL'] || 'http://127.0.0.1:11434/v1'}`,
    );
  }
  const children = services.map((s) => ({
    ...s,
    child: startService(s.name, s.port, {
      ...stack,
      ...addresses,
      ...(s.name === 'executor' && agentsFile ? { AGENTS_FILE: agentsFile } : {}),
      ...s.env,
    }),
  }));

  // If this process dies without its Ctrl-C handler (killed, crashed), take the services along.
  process.once('exit', () => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  });

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the services…');
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise<void>((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      ),
    );
    console.log('Services stopped. The stack is still running: `npm run stack:down` stops it.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));
  watchLaunchers((pid) => {
    console.log(`\nThe process that launched this one (pid ${pid}) is gone.`);
    void stopAll(0);
  });

  try {
    await Promise.all(children.map(({ name, port, child }) => waitHealthy(name, port, child)));
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
    return;
  }
  console.log(`\nAll services healthy after ${elapsed()}:`);
  for (const s of services) {
    const name = 'AGENT_ID_SUFFIX' in s.env ? `${s.name}-${s.env.AGENT_ID_SUFFIX}` : s.name;
    console.log(`  ${name.padEnd(11)} http://127.0.0.1:${s.port}/health   /metrics`);
  }
  console.log(`  planner API ${addresses.PLANNER_URL}/goals   OpenAPI: /openapi.json`);
  console.log(`\n  console     ${url('console')}   the web console: goals, auctions, agents, swarm`);
  if (opts.smoke) {
    await stopAll(0);
    return;
  }
  if (opts.goal !== false) {
    const env = cliEnv({ ...process.env, ...stack, ...addresses });
    console.log(
      `\nLoading the bundled documents into memory (${corpusDir.slice(root.length + 1)})…`,
    );
    await memoryIngestCommand(env, corpusDir);
    console.log(`\nRunning a ${opts.workflow} goal: "${opts.goal}"\n`);
    const goalStarted = Date.now();
    const code = await submitCommand(env, opts.goal, {
      workflow: opts.workflow,
      input: [],
      follow: true,
      timeout: 300,
    });
    console.log(
      `\nGoal ${code === 0 ? 'completed' : 'did not complete'} in ${((Date.now() - goalStarted) / 1000).toFixed(1)} s (whole run ${elapsed()}).`,
    );
    if (!opts.serve) {
      await stopAll(code);
      return;
    }
  }
  const cliPrefix =
    opts.basePort === 3000
      ? ''
      : `PLANNER_URL=${addresses.PLANNER_URL} AUCTION_URL=${addresses.AUCTION_URL} MEMORY_URL=${addresses.MEMORY_URL} `;
  console.log(
    `\nServices are running. Try \`${cliPrefix}npx agora submit "<goal>" --follow\` or \`${cliPrefix}npx agora agents\`. Press Ctrl-C to stop.`,
  );
  for (const { name, child } of children) {
    child.once('exit', (code) => {
      if (!stopping) console.error(`${name} exited unexpectedly (code ${code})`);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
