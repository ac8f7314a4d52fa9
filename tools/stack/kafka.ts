import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

import { kafkaAnswers as brokerAnswers } from '@agora/messaging';

import { JavaRuntime } from './java';
import { runMaven } from './maven';
import {
  isAlive,
  ManagedProcess,
  runCommand,
  spawnDetached,
  tailFile,
  writePidFile,
} from './process';
import { Reporter, seconds, sleep, stopwatch } from './reporter';
import { HOST, KAFKA, KAFKA_BROKERS, MAVEN_DEPENDENCY_PLUGIN, REPO_ROOT } from './stack.config';
import { StackError } from './stack.errors';

const SERVER_PROPERTIES = path.join(KAFKA.stateDir, 'server.properties');
const CLUSTER_ID_FILE = path.join(KAFKA.stateDir, 'cluster-id');
const DATA_DIR = path.join(KAFKA.stateDir, 'data');
/** Written only after Maven succeeded, so an interrupted download is retried rather than trusted. */
const DOWNLOAD_MARKER = path.join(KAFKA.cacheDir, '.complete');

export const kafkaProcess: ManagedProcess = {
  name: 'kafka',
  pidFile: path.join(KAFKA.stateDir, 'kafka.pid'),
  logFile: path.join(KAFKA.stateDir, 'kafka.log'),
  markers: ['kafka.Kafka', SERVER_PROPERTIES],
};

export const kafkaPorts = [KAFKA.port, KAFKA.controllerPort] as const;

export function isKafkaDownloaded(): boolean {
  return (
    fs.existsSync(DOWNLOAD_MARKER) &&
    fs.existsSync(path.join(KAFKA.libsDir, `kafka_2.13-${KAFKA.version}.jar`))
  );
}

export async function downloadKafka(reporter: Reporter): Promise<void> {
  const elapsed = stopwatch();
  reporter.step('kafka', `downloading Apache Kafka ${KAFKA.version} from Maven Central…`);
  await fsp.rm(KAFKA.cacheDir, { recursive: true, force: true });
  await fsp.mkdir(KAFKA.libsDir, { recursive: true });
  await runMaven(
    'kafka',
    [
      '-f',
      KAFKA.pomFile,
      `${MAVEN_DEPENDENCY_PLUGIN}:copy-dependencies`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${KAFKA.libsDir}`,
    ],
    reporter,
    REPO_ROOT,
  );
  const jars = (await fsp.readdir(KAFKA.libsDir)).filter((name) => name.endsWith('.jar')).sort();
  if (!jars.includes(`kafka_2.13-${KAFKA.version}.jar`)) {
    throw new StackError(
      `Maven finished but ${KAFKA.libsDir} has no kafka_2.13-${KAFKA.version}.jar.`,
    );
  }
  await fsp.writeFile(
    DOWNLOAD_MARKER,
    `${JSON.stringify({ version: KAFKA.version, jars }, null, 2)}\n`,
  );
  reporter.step('kafka', `downloaded ${jars.length} jars (${seconds(elapsed())})`);
}

function escapeProperty(value: string): string {
  return value.replace(/\\/g, '\\\\');
}

/** A single KRaft node acting as broker and controller, tuned for tests rather than durability. */
function serverProperties(): string {
  const lines = [
    '# Written by tools/stack on every start; edit tools/stack/kafka.ts instead.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=${HOST}:${KAFKA.controllerPort}`,
    `listeners=PLAINTEXT://${HOST}:${KAFKA.port},CONTROLLER://${HOST}:${KAFKA.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${KAFKA.port},CONTROLLER://${HOST}:${KAFKA.controllerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${escapeProperty(DATA_DIR)}`,
    // Topics are declared by the platform's topic catalog; a typo must fail, not create a topic.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    // One broker: every internal topic must accept a replication factor of one.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // A first consumer group join in milliseconds rather than after 3 s plus 50 partitions.
    'group.initial.rebalance.delay.ms=0',
    'offsets.topic.num.partitions=1',
  ];
  return `${lines.join('\n')}\n`;
}

/** Kafka's own format: 16 random bytes, URL-safe base64 without padding; never starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function clusterId(): Promise<string> {
  try {
    const id = (await fsp.readFile(CLUSTER_ID_FILE, 'utf8')).trim();
    if (id) return id;
  } catch {
    // First start: make one below.
  }
  const id = newClusterId();
  await fsp.writeFile(CLUSTER_ID_FILE, `${id}\n`);
  return id;
}

const classpath = (): string => path.join(KAFKA.libsDir, '*');

async function formatStorage(java: JavaRuntime, reporter: Reporter): Promise<void> {
  // meta.properties marks formatted storage; skipping the tool saves a JVM start on every `up`.
  if (fs.existsSync(path.join(DATA_DIR, 'meta.properties'))) return;
  const elapsed = stopwatch();
  const id = await clusterId();
  const result = await runCommand(java.bin, [
    '-XX:TieredStopAtLevel=1',
    '-cp',
    classpath(),
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '-t',
    id,
    '-c',
    SERVER_PROPERTIES,
    '--ignore-formatted',
  ]);
  if (result.code !== 0) {
    throw new StackError(
      [
        'Formatting Kafka storage failed:',
        ...result.output.slice(-20).map((line) => `  ${line}`),
      ].join('\n'),
    );
  }
  reporter.step(
    'kafka',
    `formatted storage in ${path.relative(REPO_ROOT, DATA_DIR)} (cluster ${id}, ${seconds(elapsed())})`,
  );
}

export async function startKafka(java: JavaRuntime, reporter: Reporter): Promise<number> {
  await fsp.mkdir(DATA_DIR, { recursive: true });
  await fsp.writeFile(SERVER_PROPERTIES, serverProperties());
  await formatStorage(java, reporter);
  const pid = await spawnDetached({
    command: java.bin,
    args: [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      // Full JIT (C1 then C2): the broker is on every hop of the swarm, and C2 code handles a
      // burst with less CPU than C1's, which a two-core machine needs more than a 1.5 s faster
      // start (storage formatting keeps C1 only: it runs once and exits).
      '-Djava.awt.headless=true',
      '-Dorg.slf4j.simpleLogger.showDateTime=true',
      "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
      '-cp',
      classpath(),
      'kafka.Kafka',
      SERVER_PROPERTIES,
    ],
    cwd: KAFKA.stateDir,
    logFile: kafkaProcess.logFile,
  });
  await writePidFile(kafkaProcess.pidFile, pid);
  reporter.step(
    'kafka',
    `started (pid ${pid}, Java ${java.version}), log ${path.relative(REPO_ROOT, kafkaProcess.logFile)}`,
  );
  return pid;
}

/** One metadata round trip with short timeouts; false on any failure. */
export function kafkaAnswers(timeoutMs = 2_000): Promise<boolean> {
  return brokerAnswers([KAFKA_BROKERS], timeoutMs);
}

export async function waitForKafka(pid: number): Promise<void> {
  const deadline = Date.now() + KAFKA.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (await kafkaAnswers()) return;
    if (!isAlive(pid)) throw await kafkaFailure(`Kafka (pid ${pid}) exited during start-up.`);
    await sleep(500);
  }
  throw await kafkaFailure(
    `Kafka did not answer on ${KAFKA_BROKERS} within ${seconds(KAFKA.readyTimeoutMs)}.`,
  );
}

async function kafkaFailure(message: string): Promise<StackError> {
  const tail = await tailFile(kafkaProcess.logFile, 30);
  return new StackError(
    [
      message,
      `Last lines of ${path.relative(REPO_ROOT, kafkaProcess.logFile)}:`,
      ...tail.map((line) => `  ${line}`),
    ].join('\n'),
  );
}
