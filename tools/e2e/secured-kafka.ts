import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@agora/testing';
import { findJava } from '../stack/java';
import { downloadKafka, isKafkaDownloaded } from '../stack/kafka';
import { createReporter } from '../stack/reporter';
import { runCommand } from '../stack/process';
import { KAFKA } from '../stack/stack.config';
import { freePort } from './service-process';

/** A broker of its own that requires SCRAM-SHA-512 logins and enforces ACLs. */
export interface SecuredKafka {
  brokers: string;
  /** The super user that creates topics and ACLs. */
  admin: { username: string; password: string };
  /** Password of each user created at start. */
  passwords: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

/**
 * The stack's Kafka jars, downloaded when this machine has none yet: a test run that found the
 * local stack already running (started from another checkout) has not downloaded them here.
 */
export async function ensureKafkaJars(): Promise<void> {
  if (!isKafkaDownloaded()) await downloadKafka(createReporter(true));
}

/**
 * Starts a single-node KRaft broker, apart from the local stack, from the stack's Kafka jars:
 * clients log in with SCRAM-SHA-512 on a SASL_PLAINTEXT listener, StandardAuthorizer enforces
 * ACLs, and nothing is allowed without one. `users` get SCRAM credentials (random passwords) when
 * the storage is formatted; `admin` is the only super user.
 */
export async function startSecuredKafka(users: readonly string[]): Promise<SecuredKafka> {
  const java = (await findJava(KAFKA.minJava)).found;
  if (!java) throw new Error(`no Java ${KAFKA.minJava} or newer`);
  const dir = mkdtempSync(join(tmpdir(), 'agora-secured-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const admin = { username: 'admin', password: randomBytes(12).toString('hex') };
  const passwords = new Map(users.map((u) => [u, randomBytes(12).toString('hex')]));
  const properties = join(dir, 'server.properties');
  writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
      `listeners=SASL_PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=SASL_PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
      'sasl.enabled.mechanisms=SCRAM-SHA-512',
      'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
      `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${admin.username}" password="${admin.password}";`,
      'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      // The broker reaches its own controller over the plaintext controller listener, as ANONYMOUS.
      `super.users=User:${admin.username};User:ANONYMOUS`,
      'allow.everyone.if.no.acl.found=false',
      `log.dirs=${join(dir, 'data')}`,
      'auto.create.topics.enable=false',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
    ].join('\n'),
  );
  const classpath = join(KAFKA.libsDir, '*');
  const scram = [admin.username, ...users].flatMap((name) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${name},password=${name === admin.username ? admin.password : passwords.get(name)}]`,
  ]);
  const clusterId = randomBytes(16).toString('base64url').replace(/^-/, 'A');
  const format = await runCommand(java.bin, [
    '-XX:TieredStopAtLevel=1',
    '-cp',
    classpath,
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '-t',
    clusterId,
    '-c',
    properties,
    ...scram,
  ]);
  if (format.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`formatting the secured broker failed:\n${format.output.join('\n')}`);
  }
  let output = '';
  const child: ChildProcess = spawn(
    java.bin,
    ['-Xms128m', '-Xmx384m', '-cp', classpath, 'kafka.Kafka', properties],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const brokers = `127.0.0.1:${port}`;
  try {
    // The broker logs this once its listeners accept logins; the first client fails loudly if
    // SASL is misconfigured.
    await waitFor(
      `the secured broker on ${brokers}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`the broker exited:\n${output}`);
        return output.includes('Kafka Server started') && (await listening(port))
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { brokers, admin, passwords, stop };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
