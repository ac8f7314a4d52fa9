import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

import { describeSeen, findJava, JavaRuntime } from './java';
import {
  downloadKafka,
  isKafkaDownloaded,
  kafkaAnswers,
  kafkaPorts,
  kafkaProcess,
  startKafka,
  waitForKafka,
} from './kafka';
import { findMaven } from './maven';
import { downloadModel, isModelDownloaded } from './models';
import {
  EMBEDDED_URL,
  checkExternal,
  ensureLocalDatabase,
  pgliteProcess,
  planPostgres,
  postgresAnswers,
  PostgresPlan,
  redact,
  startEmbedded,
  waitForEmbedded,
} from './postgres';
import { findPortOwner, isPortFree } from './ports';
import {
  commandLine,
  inspectPid,
  isAlive,
  ManagedProcess,
  matchesMarkers,
  removeFile,
  stopManaged,
  writePidFile,
} from './process';
import {
  downloadRegistry,
  isRegistryDownloaded,
  registryAnswers,
  registryPorts,
  registryProcess,
  startRegistry,
  verifyCompatibility,
  waitForRegistry,
} from './registry';
import { createReporter, Reporter, seconds, sleep, stopwatch } from './reporter';
import {
  FORCE_EMBEDDED_PG_ENV,
  KAFKA,
  KAFKA_BROKERS,
  LOCK_FILE,
  MINILM,
  POSTGRES,
  REGISTRY,
  REGISTRY_JAVA_HOME_ENV,
  REPO_ROOT,
  SCHEMA_REGISTRY_URL,
  STACK_ENV_FILE,
  STATE_DIR,
} from './stack.config';
import { StackError } from './stack.errors';

/** What a service or test needs to reach the stack; also the content of `.agora/stack/stack.env`. */
export interface StackEnv {
  KAFKA_BROKERS: string;
  SCHEMA_REGISTRY_URL: string;
  DATABASE_URL: string;
}

export interface EnsureStackOptions {
  /**
   * Print no progress; failures still throw a {@link StackError} with the details.
   * @default false
   */
  quiet?: boolean;
  /**
   * Write the settings to `.agora/stack/stack.env` even when it exists, as `npm run stack:up`
   * does. Others (`npm start`, the tests) write it only when it is missing, so a run with another
   * DATABASE_URL does not move later runs and `stack:status` to that database.
   * @default false
   */
  writeSettings?: boolean;
}

export interface StopStackOptions {
  /**
   * Also delete `.agora/stack` (Kafka data, registry data, embedded database, logs).
   * Downloads in `.agora/cache` are always kept.
   * @default false
   */
  purge?: boolean;
  /** @default false */
  quiet?: boolean;
  /** Stop only these components (e.g. the broker, for the fault suite). @default all */
  only?: readonly ComponentName[];
}

export type ComponentName = 'kafka' | 'registry' | 'postgres';

export interface ComponentStatus {
  name: ComponentName;
  /** `external`: a database the stack uses but does not run (DATABASE_URL or the local server). */
  state: 'running' | 'stopped' | 'external';
  pid?: number;
  address: string;
  answers: boolean;
  note?: string;
}

export interface StackStatus {
  /** True when every component is the stack's own (or the configured database) and answers. */
  up: boolean;
  components: ComponentStatus[];
  /** Models the stack fetches (no process; `up` fetches them when missing). */
  models: { name: string; present: boolean; path: string }[];
  env?: StackEnv;
}

const PORT_LABELS: Record<number, string> = {
  [KAFKA.port]: 'Kafka broker',
  [KAFKA.controllerPort]: 'Kafka controller',
  [REGISTRY.port]: 'registry HTTP',
  [REGISTRY.managementPort]: 'registry management',
  [POSTGRES.embeddedPort]: 'embedded PostgreSQL',
};

const relative = (file: string): string => path.relative(REPO_ROOT, file);

/**
 * Serializes `up` and `down` across processes: parallel test workers or two terminals must not
 * each start a Kafka. A lock left by a dead process is taken over.
 */
async function withLock<T>(reporter: Reporter, run: () => Promise<T>): Promise<T> {
  await fsp.mkdir(STATE_DIR, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  let announced = false;
  for (;;) {
    try {
      await fsp.writeFile(LOCK_FILE, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await fsp.readFile(LOCK_FILE, 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(holder) || !isAlive(holder)) {
      await removeFile(LOCK_FILE);
      continue;
    }
    if (Date.now() > deadline)
      throw new StackError(
        `Another stack command (pid ${holder}) has held ${relative(LOCK_FILE)} for 10 minutes.`,
      );
    if (!announced)
      reporter.step('stack', `waiting for another stack command (pid ${holder}) to finish…`);
    announced = true;
    await sleep(300);
  }
  try {
    return await run();
  } finally {
    await removeFile(LOCK_FILE);
  }
}

/**
 * The pid of our process for a component: from its pid file or, when that file was lost (say, a
 * purge while running), from whoever listens on its ports if that is recognisably ours.
 */
async function locate(
  managed: ManagedProcess,
  ports: readonly number[],
): Promise<{ pid: number; adopted: boolean } | undefined> {
  const state = await inspectPid(managed);
  if (state.kind === 'running') return { pid: state.pid, adopted: false };
  if (state.kind === 'stale') await removeFile(managed.pidFile);
  for (const port of ports) {
    if (await isPortFree(port)) continue;
    const owner = await findPortOwner(port);
    if (owner && matchesMarkers(await commandLine(owner.pid), managed.markers)) {
      await writePidFile(managed.pidFile, owner.pid);
      return { pid: owner.pid, adopted: true };
    }
  }
  return undefined;
}

async function portConflicts(ports: readonly number[]): Promise<string[]> {
  const problems: string[] = [];
  for (const port of ports) {
    if (await isPortFree(port)) continue;
    const owner = await findPortOwner(port);
    const label = PORT_LABELS[port] ?? 'stack';
    problems.push(
      owner
        ? `Port ${port} (${label}) is taken by pid ${owner.pid}: ${owner.command}\n  Stop it (kill ${owner.pid}) or, if it is a stack started from another checkout, run \`npm run stack:down\` there.`
        : `Port ${port} (${label}) is taken by another process we cannot identify.\n  See which with \`ss -ltnp 'sport = :${port}'\` or \`lsof -iTCP:${port} -sTCP:LISTEN\`, then stop it.`,
    );
  }
  return problems;
}

const INSTALL_HINT = 'or run `docker compose up` instead of the local stack.';

async function requireJava(
  component: string,
  minMajor: number,
  overrideEnv?: string,
): Promise<{ java?: JavaRuntime; problem?: string }> {
  const search = await findJava(minMajor, overrideEnv ? process.env[overrideEnv] : undefined);
  if (search.found) return { java: search.found };
  const hint =
    minMajor <= 17
      ? '  Install it: `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), `brew install openjdk@17` (macOS),'
      : '  Install one: `sudo apt-get install openjdk-21-jre-headless` (Debian 13, Ubuntu 24.04), `brew install openjdk@21` (macOS)\n' +
        '  or Eclipse Temurin 21 from https://adoptium.net; put it on PATH, set JAVA_HOME, or set ' +
        `${overrideEnv ?? 'JAVA_HOME'}=<its home>,`;
  return {
    problem: `${component} needs Java ${minMajor} or newer; found ${describeSeen(search.seen)}.\n${hint}\n  ${INSTALL_HINT}`,
  };
}

interface Pending {
  name: ComponentName;
  started: () => number;
  wait: () => Promise<void>;
  readyMessage: string;
}

/**
 * Begins waiting for a component right away, so its "ready" line shows its own start time while
 * the next component downloads. Settles with the failure instead of rejecting: an unobserved
 * rejection would end the process before the other components are reported.
 */
function watch(item: Pending, reporter: Reporter): Promise<Error | undefined> {
  return item.wait().then(
    () => {
      reporter.step(item.name, `${item.readyMessage} (${seconds(item.started())})`);
      return undefined;
    },
    (error: unknown) =>
      error instanceof Error ? error : new Error(`${item.name} failed to start`, { cause: error }),
  );
}

interface JavaComponent {
  name: 'kafka' | 'registry';
  running: { pid: number; adopted: boolean } | undefined;
  /** Served on our ports by a stack this checkout did not start; used as it is. */
  shared: boolean;
  checkShared: () => Promise<void>;
  /** Set whenever `running` is not: the prerequisite check made sure of it. */
  java: JavaRuntime | undefined;
  isDownloaded: () => boolean;
  download: (reporter: Reporter) => Promise<void>;
  start: (java: JavaRuntime, reporter: Reporter) => Promise<number>;
  waitFor: (pid: number) => Promise<void>;
  readyMessage: string;
}

/** Downloads and starts a JVM component unless it already runs; returns what to wait for. */
async function bringUp(component: JavaComponent, reporter: Reporter): Promise<Pending> {
  const { name, running, readyMessage } = component;
  if (component.shared) {
    reporter.step(name, 'already served by a stack started outside this checkout; using it');
    return { name, started: stopwatch(), wait: component.checkShared, readyMessage };
  }
  if (running) {
    const how = running.adopted ? ', found by its port' : '';
    reporter.step(name, `already running (pid ${running.pid}${how})`);
    return { name, started: stopwatch(), wait: () => component.waitFor(running.pid), readyMessage };
  }
  if (!component.java) throw new Error(`${name}: no Java selected`);
  if (!component.isDownloaded()) await component.download(reporter);
  const started = stopwatch();
  const pid = await component.start(component.java, reporter);
  return { name, started, wait: () => component.waitFor(pid), readyMessage };
}

/** Starts whatever is not running yet and returns the connection settings. Safe to call repeatedly. */
export async function ensureStack(options: EnsureStackOptions = {}): Promise<StackEnv> {
  const reporter = createReporter(options.quiet);
  const elapsed = stopwatch();
  return withLock(reporter, async () => {
    const kafka = await locate(kafkaProcess, kafkaPorts);
    const registry = await locate(registryProcess, registryPorts);
    // Another checkout's stack on our ports (a second worktree, CI beside a developer's stack)
    // serves the same addresses with the same settings: use it rather than fail on the ports.
    const kafkaShared = !kafka && !(await isPortFree(KAFKA.port)) && (await kafkaAnswers());
    const registryShared =
      !registry && !(await isPortFree(REGISTRY.port)) && (await registryAnswers());
    const postgres = await planPostgres();
    const pglite =
      postgres.mode === 'embedded'
        ? await locate(pgliteProcess, [POSTGRES.embeddedPort])
        : undefined;

    const problems: string[] = [];
    let kafkaJava: JavaRuntime | undefined;
    let registryJava: JavaRuntime | undefined;
    if (!kafka && !kafkaShared) {
      const { java, problem } = await requireJava(`Kafka ${KAFKA.version}`, KAFKA.minJava);
      kafkaJava = java;
      if (problem) problems.push(problem);
    }
    if (!registry && !registryShared) {
      const { java, problem } = await requireJava(
        `Apicurio Registry ${REGISTRY.version}`,
        REGISTRY.minJava,
        REGISTRY_JAVA_HOME_ENV,
      );
      registryJava = java;
      if (problem) problems.push(problem);
    }
    const downloads = [
      !kafka && !kafkaShared && !isKafkaDownloaded() ? 'Kafka' : '',
      !registry && !registryShared && !isRegistryDownloaded() ? 'Apicurio Registry' : '',
      !isModelDownloaded() ? "the memory's embedding model" : '',
    ].filter(Boolean);
    if (downloads.length > 0 && !findMaven()) {
      problems.push(
        `Maven (mvn) is needed once to download ${downloads.join(' and ')} from Maven Central, and it is not on PATH.\n` +
          `  Install it: \`sudo apt-get install maven\` (Debian/Ubuntu), \`brew install maven\` (macOS),\n  ${INSTALL_HINT}`,
      );
    }
    if (problems.length > 0)
      throw new StackError(
        ['Missing prerequisites:', ...problems.map((problem) => `- ${problem}`)].join('\n'),
      );

    const conflicts = [
      ...(kafka || kafkaShared ? [] : await portConflicts(kafkaPorts)),
      ...(registry || registryShared ? [] : await portConflicts(registryPorts)),
      ...(postgres.mode === 'embedded' && !pglite
        ? await portConflicts([POSTGRES.embeddedPort])
        : []),
    ];
    if (conflicts.length > 0)
      throw new StackError(
        ['Ports the stack needs are in use:', ...conflicts.map((line) => `- ${line}`)].join('\n'),
      );

    const waits = [
      watch(
        await bringUp(
          {
            name: 'kafka',
            running: kafka,
            shared: kafkaShared,
            checkShared: async () => {
              if (!(await kafkaAnswers()))
                throw new StackError(`The broker on ${KAFKA_BROKERS} stopped answering.`);
            },
            java: kafkaJava,
            isDownloaded: isKafkaDownloaded,
            download: downloadKafka,
            start: startKafka,
            waitFor: waitForKafka,
            readyMessage: `ready on ${KAFKA_BROKERS}`,
          },
          reporter,
        ),
        reporter,
      ),
      // Registry download and start overlap with Kafka's start-up.
      watch(
        await bringUp(
          {
            name: 'registry',
            running: registry,
            shared: registryShared,
            checkShared: verifyCompatibility,
            java: registryJava,
            isDownloaded: isRegistryDownloaded,
            download: downloadRegistry,
            start: startRegistry,
            waitFor: waitForRegistry,
            readyMessage: `ready on ${SCHEMA_REGISTRY_URL} (global compatibility ${REGISTRY.compatibility})`,
          },
          reporter,
        ),
        reporter,
      ),
    ];
    waits.push(watch(await preparePostgres(postgres, pglite, reporter), reporter));
    // The model is a download only; it overlaps with the components' start-up.
    if (!isModelDownloaded())
      waits.push(
        downloadModel(reporter).then(
          () => undefined,
          (error: unknown) =>
            error instanceof Error ? error : new Error('model download failed', { cause: error }),
        ),
      );

    // The components start concurrently; wait for all of them and report every failure.
    const failures = (await Promise.all(waits)).filter((failure) => failure !== undefined);
    if (failures.length > 0) {
      const unexpected = failures.find((failure) => !(failure instanceof StackError));
      if (unexpected) throw unexpected;
      throw new StackError(failures.map((failure) => failure.message).join('\n\n'));
    }

    const env: StackEnv = { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL: postgres.url };
    const saved = await readStackEnv();
    const written = options.writeSettings === true || saved === undefined;
    if (written) await writeStackEnv(env);
    const kept =
      written ||
      (saved.KAFKA_BROKERS === env.KAFKA_BROKERS &&
        saved.SCHEMA_REGISTRY_URL === env.SCHEMA_REGISTRY_URL &&
        saved.DATABASE_URL === env.DATABASE_URL);
    if (!options.quiet) {
      const status = await stackStatus();
      console.log('');
      printStatusTable(status);
      console.log(
        `\nstack up in ${seconds(elapsed())}; ` +
          (kept
            ? `settings in ${relative(STACK_ENV_FILE)}`
            : `these settings are for this run only: ${relative(STACK_ENV_FILE)} keeps those \`npm run stack:up\` wrote`),
      );
    }
    return env;
  });
}

async function preparePostgres(
  plan: PostgresPlan,
  pglite: { pid: number; adopted: boolean } | undefined,
  reporter: Reporter,
): Promise<Pending> {
  const started = stopwatch();
  switch (plan.mode) {
    case 'external':
      reporter.step('postgres', `using DATABASE_URL ${redact(plan.url)}`);
      return {
        name: 'postgres',
        started,
        wait: () => checkExternal(plan.url),
        readyMessage: 'answers',
      };
    case 'local': {
      const created = await ensureLocalDatabase();
      reporter.step(
        'postgres',
        `${plan.reason}; database ${POSTGRES.database} ${created ? 'created' : 'exists'}`,
      );
      return {
        name: 'postgres',
        started,
        wait: () => checkExternal(plan.url),
        readyMessage: `ready on ${redact(plan.url)}`,
      };
    }
    case 'embedded': {
      if (pglite) {
        reporter.step('postgres', `embedded PGlite already running (pid ${pglite.pid})`);
        return {
          name: 'postgres',
          started,
          wait: () => waitForEmbedded(pglite.pid),
          readyMessage: `ready on ${EMBEDDED_URL}`,
        };
      }
      reporter.step('postgres', `using embedded PGlite: ${plan.reason}`);
      const pid = await startEmbedded(reporter);
      return {
        name: 'postgres',
        started,
        wait: () => waitForEmbedded(pid),
        readyMessage: `ready on ${EMBEDDED_URL}`,
      };
    }
  }
}

async function writeStackEnv(env: StackEnv): Promise<void> {
  const lines = [
    '# Written by `npm run stack:up`; removed by `npm run stack:down`.',
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
  ];
  await fsp.writeFile(STACK_ENV_FILE, `${lines.join('\n')}\n`);
}

/** The settings of the running stack, or undefined if it was never brought up (or was stopped). */
export async function readStackEnv(): Promise<StackEnv | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(STACK_ENV_FILE, 'utf8');
  } catch {
    return undefined;
  }
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) values.set(match[1], match[2]);
  }
  const KAFKA_BROKERS = values.get('KAFKA_BROKERS');
  const SCHEMA_REGISTRY_URL = values.get('SCHEMA_REGISTRY_URL');
  const DATABASE_URL = values.get('DATABASE_URL');
  if (!KAFKA_BROKERS || !SCHEMA_REGISTRY_URL || !DATABASE_URL) return undefined;
  return { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL };
}

async function managedStatus(
  name: ComponentName,
  managed: ManagedProcess,
  address: string,
  answers: () => Promise<boolean>,
): Promise<ComponentStatus> {
  const [state, answering] = await Promise.all([inspectPid(managed), answers()]);
  if (state.kind === 'running')
    return { name, state: 'running', pid: state.pid, address, answers: answering };
  const status: ComponentStatus = { name, state: 'stopped', address, answers: answering };
  if (answering) status.note = 'something not started by the stack answers there';
  else if (state.kind === 'stale') status.note = `stale pid file: ${state.reason}`;
  return status;
}

export async function stackStatus(): Promise<StackStatus> {
  const env = await readStackEnv();
  const [kafka, registry, pglite] = await Promise.all([
    managedStatus('kafka', kafkaProcess, KAFKA_BROKERS, () => kafkaAnswers()),
    managedStatus('registry', registryProcess, SCHEMA_REGISTRY_URL, () => registryAnswers()),
    inspectPid(pgliteProcess),
  ]);
  let postgres: ComponentStatus;
  if (pglite.kind === 'running') {
    postgres = {
      name: 'postgres',
      state: 'running',
      pid: pglite.pid,
      address: EMBEDDED_URL,
      answers: await postgresAnswers(EMBEDDED_URL),
      note: 'embedded PGlite',
    };
  } else if (env && env.DATABASE_URL !== EMBEDDED_URL) {
    postgres = {
      name: 'postgres',
      state: 'external',
      address: redact(env.DATABASE_URL),
      answers: await postgresAnswers(env.DATABASE_URL),
    };
  } else {
    postgres = {
      name: 'postgres',
      state: 'stopped',
      address: env?.DATABASE_URL ?? '-',
      answers: false,
    };
  }
  const components = [kafka, registry, postgres];
  const status: StackStatus = {
    // A broker someone else started on 9092 answers, but it is not this stack.
    up: components.every((component) => component.answers && component.state !== 'stopped'),
    components,
    models: [
      { name: path.basename(MINILM.dir), present: isModelDownloaded(), path: relative(MINILM.dir) },
    ],
  };
  if (env) status.env = env;
  return status;
}

export function printStatusTable(status: StackStatus): void {
  const rows = [
    ['component', 'state', 'pid', 'answers', 'address'],
    ...status.components.map((component) => [
      component.name,
      component.state,
      component.pid === undefined ? '-' : String(component.pid),
      component.answers ? 'yes' : 'no',
      component.note ? `${component.address}  (${component.note})` : component.address,
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
        )
        .join('  '),
    );
  }
  for (const model of status.models)
    console.log(
      `model ${model.name}: ${model.present ? `present in ${model.path}` : 'missing (`npm run stack:up` fetches it)'}`,
    );
}

export interface StopReport {
  stopped: ComponentName[];
  purged: boolean;
}

/** Stops exactly the processes the stack started; keeps data unless `purge`. Safe to call repeatedly. */
export async function stopStack(options: StopStackOptions = {}): Promise<StopReport> {
  const reporter = createReporter(options.quiet);
  return withLock(reporter, async () => {
    const targets = (
      [
        ['postgres', pgliteProcess, [POSTGRES.embeddedPort]],
        ['registry', registryProcess, registryPorts],
        ['kafka', kafkaProcess, kafkaPorts],
      ] as Array<[ComponentName, ManagedProcess, readonly number[]]>
    ).filter(([name]) => !options.only || options.only.includes(name));
    const stopped: ComponentName[] = [];
    const survivors: ComponentName[] = [];
    await Promise.all(
      targets.map(async ([name, managed, ports]) => {
        const elapsed = stopwatch();
        // Also finds one whose pid file is gone but that still holds its ports.
        await locate(managed, ports);
        const result = await stopManaged(managed);
        switch (result.outcome) {
          case 'not-running':
            // A local server or DATABASE_URL is never ours to stop; only the embedded one is.
            reporter.step(
              name,
              name === 'postgres' ? 'embedded PGlite not running' : 'not running',
            );
            return;
          case 'stale':
            reporter.step(name, `not running (removed stale pid file: ${result.reason ?? ''})`);
            return;
          case 'stopped':
          case 'killed':
            if (result.pid !== undefined && isAlive(result.pid)) {
              survivors.push(name);
              reporter.step(name, `pid ${result.pid} would not exit, even after SIGKILL`);
              return;
            }
            stopped.push(name);
            reporter.step(
              name,
              `stopped (pid ${result.pid ?? '?'}${result.outcome === 'killed' ? ', killed after 15 s' : ''}, ${seconds(elapsed())})`,
            );
            return;
        }
      }),
    );
    await removeFile(STACK_ENV_FILE);
    let purged = false;
    if (options.purge) {
      if (survivors.length > 0)
        throw new StackError(
          `Not purging ${relative(STATE_DIR)}: ${survivors.join(', ')} still running.`,
        );
      // The lock file lives inside; withLock's cleanup tolerates it being gone.
      await fsp.rm(STATE_DIR, { recursive: true, force: true });
      purged = true;
      reporter.step('stack', `deleted ${relative(STATE_DIR)} (downloads in .agora/cache kept)`);
    }
    return { stopped, purged };
  });
}

/** For the CLI's help text. */
export const ENVIRONMENT_HELP = [
  [`${FORCE_EMBEDDED_PG_ENV}=1`, 'always use the embedded PGlite database'],
  ['DATABASE_URL=...', 'use this database instead of a local or embedded one'],
  [`${REGISTRY_JAVA_HOME_ENV}=...`, 'Java 21+ home for the registry when none is found on its own'],
  ['MAVEN_OPTS, settings.xml', 'passed to Maven as usual (e.g. -Dmaven.repo.local=...)'],
]
  .map(([name, text]) => `  ${(name ?? '').padEnd(30)}${text ?? ''}`)
  .join('\n');
