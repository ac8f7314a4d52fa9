import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type TextOutput } from '@agora/contracts';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneLock } from '../build/app-build';
import { buildAgentSdk, type BuiltAgentSdk } from '../build/build-agent-sdk';
import { SwarmHarness, type ExternalAgent } from './swarm-harness';

/**
 * The published form of @agora/agent-sdk, used as a stranger would: `npm run build:sdk`'s
 * package is packed, installed from the tarball into a folder outside the repository (no path
 * aliases, no repository node_modules above it), typechecked against from TypeScript, and run as
 * plain JavaScript beside a real swarm, where it wins and completes a task of its own capability.
 */
const root = resolve(__dirname, '../..');
const run = promisify(execFile);
const tsc = join(root, 'node_modules/typescript/bin/tsc');

const shoutWorkflow = `
name: shout
description: Say a text louder.
steps:
  - name: shout
    capability: shout
    output: text
`;

/** What a user of the package writes: CommonJS, no TypeScript, no build step. */
const agentJs = `'use strict';
const { createAgent } = require('@agora/agent-sdk');

const id = process.argv[2];
const sdk = require.resolve('@agora/agent-sdk');
console.log('resolved ' + JSON.stringify({ sdk, kafkajs: require.resolve('kafkajs', { paths: [sdk] }) }));

createAgent({
  id,
  capabilities: ['shout'],
  bid: () => ({ costUsd: 0.0001, etaMs: 200, confidence: 0.95 }),
  run: async (task, ctx) => {
    const text = task.input.inputs['text'] || task.input.goal;
    ctx.progress(0.5, 'taking a breath');
    return { kind: 'text', text: text.toUpperCase() + '!' };
  },
  drainOnSignals: true,
})
  .then((agent) => agent.start())
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
`;

/** The same agent in TypeScript; each @ts-expect-error fails the check if a type decays to any. */
const agentTs = `import {
  createAgent,
  TaskError,
  type AgentOptions,
  type AwardedTask,
  type TaskContext,
  type TaskInput,
  type TaskOutput,
} from '@agora/agent-sdk';

async function shout(task: AwardedTask, ctx: TaskContext): Promise<TaskOutput> {
  const input: TaskInput = task.input;
  const text = input.inputs['text'] ?? input.goal;
  // @ts-expect-error the goal is a string (the payload types resolved too)
  const wrong: number = input.goal;
  void wrong;
  if (ctx.signal.aborted) throw new TaskError('stopped', true);
  ctx.progress(0.5, 'taking a breath');
  return { kind: 'text', text: text.toUpperCase() + '!' };
}

const options: AgentOptions = {
  id: 'acme.shouter-1',
  capabilities: ['shout'],
  bid: () => ({ costUsd: 0.0001, etaMs: 200, confidence: 0.95 }),
  run: shout,
};

export const started: Promise<void> = createAgent(options).then((agent) => agent.start());

// @ts-expect-error the capabilities are required
void createAgent({ id: 'acme.mute-1', bid: () => undefined, run: shout });
`;

/** What \`tsc --init\` gives a new project, minus the output. */
const consumerTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'node16',
    strict: true,
    esModuleInterop: true,
    // Third-party declarations (zod's locales, mappersmith's browser gateway) are not ours to check.
    skipLibCheck: true,
    noEmit: true,
  },
  files: ['agent.ts'],
};

const integrity = (file: string): string =>
  `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;

/**
 * The consumer's package.json and package-lock.json. The lock names the tarball and, at the
 * versions and integrity hashes of the root package-lock.json, every package it pulls in, so
 * `npm install --offline` installs them from npm's cache: without a lock npm would first ask the
 * registry for each package's metadata, which `npm ci` in this repository never cached.
 */
function writeConsumer(dir: string, tarball: string, sdk: BuiltAgentSdk): void {
  const rootLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Parameters<
    typeof pruneLock
  >[0];
  const typesNode = rootLock.packages['node_modules/@types/node']?.version;
  if (!typesNode) throw new Error('package-lock.json has no @types/node');
  const dependencies = { '@agora/agent-sdk': `file:${tarball}`, '@types/node': typesNode };
  const lock = pruneLock(rootLock, 'sdk-consumer', '1.0.0', {
    ...sdk.dependencies,
    '@types/node': typesNode,
  });
  lock.packages[''] = { name: 'sdk-consumer', version: '1.0.0', dependencies };
  lock.packages['node_modules/@agora/agent-sdk'] = {
    version: sdk.version,
    resolved: `file:${tarball}`,
    integrity: integrity(join(dir, tarball)),
    dependencies: sdk.dependencies,
  };
  const pkg = { name: 'sdk-consumer', version: '1.0.0', private: true, dependencies };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  writeFileSync(join(dir, 'agent.js'), agentJs);
  writeFileSync(join(dir, 'agent.ts'), agentTs);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(consumerTsconfig, null, 2)}\n`);
}

/** The environment of a process that knows nothing of this repository. */
function outsideEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['NODE_PATH'];
  delete env['NODE_OPTIONS'];
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return env;
}

describe('@agora/agent-sdk, packed and installed outside the repository', () => {
  const swarm = new SwarmHarness('sdkpkg');
  const agentId = `shouter-${swarm.run}`;
  const packageDir = mkdtempSync(join(tmpdir(), 'agora-sdk-package-'));
  const consumerDir = mkdtempSync(join(tmpdir(), 'agora-sdk-consumer-'));
  const workflowsDir = mkdtempSync(join(tmpdir(), 'agora-sdk-workflows-'));
  let sdk: BuiltAgentSdk;
  let agent: ExternalAgent | undefined;

  /** Builds, packs and installs the package in the consumer folder. */
  async function install(): Promise<void> {
    sdk = await buildAgentSdk(packageDir);
    const { stdout } = await run('npm', ['pack', packageDir, '--json'], {
      cwd: consumerDir,
      env: outsideEnv(),
    });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    writeConsumer(consumerDir, packed!.filename, sdk);
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: consumerDir,
      env: outsideEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
  }

  beforeAll(async () => {
    writeFileSync(join(workflowsDir, 'shout.yaml'), shoutWorkflow);
    // The install and the swarm's start-up overlap: each mostly waits on the other's I/O.
    const installed = install();
    installed.catch(() => undefined);
    await swarm.observe([
      'AgentHeartbeat',
      'TaskAwarded',
      'TaskCompleted',
      'TaskFailed',
      'TaskEvaluated',
      'GoalCompleted',
      'GoalFailed',
    ]);
    // No memory service: a text output without citations is judged without it.
    await swarm.start('planner', 'planner', { PLANNER_WORKFLOWS_DIR: workflowsDir });
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.waitHealthy();
    await installed;
  }, 600_000);

  afterAll(async () => {
    await swarm.close();
    for (const dir of [packageDir, consumerDir, workflowsDir]) {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('packs a bundle with declarations, its npm dependencies at their locked versions and no @agora/* import', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const installed = join(consumerDir, 'node_modules/@agora/agent-sdk');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
      dependencies: Record<string, string>;
    };
    for (const name of ['kafkajs', '@kafkajs/confluent-schema-registry', 'avsc', 'zod', 'pino']) {
      expect(pkg.dependencies[name], name).toBe(lock.packages[`node_modules/${name}`]?.version);
    }
    expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith('@agora/'))).toEqual([]);
    const code = readFileSync(join(installed, pkg.main), 'utf8');
    expect(code).not.toMatch(/require\(["']@agora\//);
    const declarations = readdirSync(join(installed, 'types'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.d.ts'));
    expect(declarations).toContain('libs/agent-sdk/src/index.d.ts');
    for (const file of declarations) {
      expect(readFileSync(join(installed, 'types', file), 'utf8'), file).not.toMatch(
        /(from |import\()["']@agora\//,
      );
    }
    console.log(
      `[agent-sdk-package] ${sdk.name}@${sdk.version}: ${Object.keys(sdk.dependencies).length} dependencies, index.js ${(sdk.files['index.js']! / 1024).toFixed(1)} KiB`,
    );
  });

  it('typechecks an agent written in TypeScript against the installed declarations', async () => {
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: consumerDir,
      env: outsideEnv(),
    }).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`tsc failed in ${consumerDir}:\n${error.stdout ?? error.message}`);
    });
    expect(result.stdout).toBe('');
  });

  it(
    'runs agent.js beside the swarm: it wins a task of its own capability and the goal completes',
    { timeout: 180_000 },
    async () => {
      agent = await swarm.startAgent(
        'packaged agent',
        agentId,
        process.execPath,
        ['agent.js', agentId],
        {
          cwd: consumerDir,
        },
      );
      // The SDK and its dependencies came from the consumer's node_modules, not the repository's.
      const resolved = JSON.parse(/^resolved (.*)$/m.exec(agent.output())?.[1] ?? '{}') as Record<
        string,
        string
      >;
      expect(resolved['sdk']).toBe(join(consumerDir, 'node_modules/@agora/agent-sdk/index.js'));
      expect(resolved['kafkajs']?.startsWith(join(consumerDir, 'node_modules/kafkajs/'))).toBe(
        true,
      );

      const goalId = await swarm.submit({
        goal: 'Shout this greeting',
        workflow: 'shout',
        inputs: { text: 'hello from outside the repository' },
      });
      const ended = await waitFor(
        'the shout goal to end',
        () =>
          [...swarm.events('GoalCompleted'), ...swarm.events('GoalFailed')].find(
            (g) => g.envelope.goalId === goalId,
          ),
        { timeoutMs: 120_000 },
      ).catch((error: unknown) => {
        throw agent!.withOutput(error);
      });
      expect('reason' in ended ? ended.reason : undefined).toBeUndefined();
      const completed = swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId)!;
      const award = swarm
        .events('TaskAwarded')
        .find((a) => a.envelope.goalId === goalId && a.capability === 'shout');
      expect(award?.agentId).toBe(agentId);
      const result = swarm
        .events('TaskCompleted')
        .find((c) => c.taskId === award!.taskId && c.attempt === award!.attempt);
      expect(result?.agentId).toBe(agentId);
      expect((JSON.parse(result!.output) as TextOutput).text).toBe(
        'HELLO FROM OUTSIDE THE REPOSITORY!',
      );
      const verdict = await waitFor('the verdict on the shout task', () =>
        swarm
          .events('TaskEvaluated')
          .find((e) => e.taskId === award!.taskId && e.attempt === award!.attempt),
      );
      expect(verdict.verdict, verdict.feedback).toBe('ACCEPTED');
      expect(completed.output).toContain('HELLO FROM OUTSIDE THE REPOSITORY!');
      console.log(`[agent-sdk-package] shout goal output: ${JSON.stringify(completed.output)}`);

      agent.child.kill('SIGTERM');
      expect(await agent.exited).toBe(0);
    },
  );
});
