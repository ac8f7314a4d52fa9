import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { newEnvelope, type EventMap, type EventType, type GoalSubmitted } from '@agora/contracts';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { MemoryDocumentsClient } from '@agora/memory-client';
import { readDocuments } from '../../apps/cli/src/commands/memory-ingest.command';
import {
  dropSchemas,
  freePort,
  startService,
  type ServiceName,
  type ServiceProcess,
} from './service-process';

export const corpusDir = resolve(__dirname, '../../libs/memory/domain/src/corpus');

/** An agent process started by {@link SwarmHarness.startAgent}. */
export interface ExternalAgent {
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything it printed so far. */
  output(): string;
  /** The error with the agent's last output attached. */
  withOutput(error: unknown): Error;
}

/**
 * Services as real processes on the real stack, isolated by a topic prefix and their own
 * database schemas, plus an observer that records every event it is asked to watch.
 */
export class SwarmHarness {
  readonly prefix: string;
  readonly run = randomBytes(3).toString('hex');
  readonly client: MessagingClient;
  readonly processes = new Map<string, ServiceProcess>();
  private readonly schemas = new Set<string>();
  private readonly seen = new Map<EventType, unknown[]>();
  private readonly agents: ExternalAgent[] = [];

  constructor(label: string) {
    this.prefix = uniquePrefix(label);
    this.client = testMessagingClient(this.prefix, { service: 'observer' });
  }

  /** Connects the observer (creating the topics) and starts recording the given events. */
  async observe(types: readonly EventType[]): Promise<void> {
    await this.client.connect();
    const consumer = this.client.consumer(`${this.prefix}observer`);
    for (const type of types) {
      this.seen.set(type, []);
      consumer.on(type, (event) => {
        this.seen.get(type)?.push(event);
      });
    }
    await consumer.start();
  }

  events<T extends EventType>(type: T): EventMap[T][] {
    return (this.seen.get(type) ?? []) as EventMap[T][];
  }

  /**
   * Waits until the agent has said it is ONLINE in a heartbeat (observe AgentHeartbeat first):
   * a service being healthy does not mean its agents have joined the roster yet.
   */
  async waitOnline(agentId: string, label = agentId, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      `the ${label} to heartbeat ONLINE`,
      () =>
        this.events('AgentHeartbeat').find((h) => h.agentId === agentId && h.status === 'ONLINE'),
      { timeoutMs },
    );
  }

  /** Starts a service process; `key` names it in this harness (e.g. `executor-a`). */
  async start(
    name: ServiceName,
    key: string,
    extra: Record<string, string> = {},
  ): Promise<ServiceProcess> {
    const env = stackEnv();
    const schema = `t_${name}_${this.run}`;
    this.schemas.add(schema);
    const process = startService(name, await freePort(), {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
      DATABASE_URL: env.DATABASE_URL,
      DATABASE_SCHEMA: schema,
      KAFKA_TOPIC_PREFIX: this.prefix,
      KAFKA_MAX_PARTITIONS: '2',
      // Several processes share the test server's 100 connections with the other tests.
      DATABASE_POOL_SIZE: '3',
      LOG_LEVEL: 'warn',
      ...extra,
    });
    this.processes.set(key, process);
    return process;
  }

  /** Waits for the processes together, so one slow start does not eat the others' time. */
  async waitHealthy(keys: readonly string[] = [...this.processes.keys()]): Promise<void> {
    await Promise.all(keys.map((key) => this.waitOneHealthy(key)));
  }

  private async waitOneHealthy(key: string): Promise<void> {
    {
      const s = this.process(key);
      await waitFor(
        `${key} on port ${s.port} to be healthy`,
        async () => {
          if (s.child.exitCode !== null) throw new Error(`${key} exited`);
          const res = await fetch(`http://127.0.0.1:${s.port}/health`).catch(() => undefined);
          return res?.status === 200 ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\n--- ${key} output ---\n${s.output().slice(-3000)}`);
      });
    }
  }

  process(key: string): ServiceProcess {
    const p = this.processes.get(key);
    if (!p) throw new Error(`no process ${key}`);
    return p;
  }

  url(key: string, path: string): string {
    return `http://127.0.0.1:${this.process(key).port}${path}`;
  }

  /** Loads the bundled documents into the memory service. */
  async ingestCorpus(memoryKey = 'memory') {
    const documents = await readDocuments(corpusDir);
    await new MemoryDocumentsClient(this.url(memoryKey, ''), { batchSize: 100 }).ingest(documents);
    return documents;
  }

  /** POST /goals on the planner; returns the goal id. */
  async submit(body: Record<string, unknown>, plannerKey = 'planner'): Promise<string> {
    const res = await fetch(this.url(plannerKey, '/goals'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 202)
      throw new Error(`POST /goals answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { goalId: string }).goalId;
  }

  /**
   * Publishes goals on Kafka, as producer teams do, in one request; returns their ids.
   * `over` sets the rest of each GoalSubmitted (budget, priority…).
   */
  async submitOnKafka(
    goals: readonly { goal: string; workflow: string }[],
    over: Partial<Omit<GoalSubmitted, 'envelope' | 'goal' | 'workflow'>> = {},
  ): Promise<string[]> {
    const events = goals.map(({ goal, workflow }): GoalSubmitted => ({
      envelope: newEnvelope({
        producer: { service: 'test', version: '0' },
        goalId: randomUUID(),
      }),
      goal,
      workflow,
      inputs: {},
      budget: { deadlineAt: null, maxTasks: null, maxCostUsd: null, maxWaitMs: null },
      submittedBy: null,
      priority: 0,
      plan: null,
      ...over,
    }));
    await this.client.publisher.publishMany(
      events.map((event) => ({ type: 'GoalSubmitted' as const, event })),
    );
    return events.map((e) => e.envelope.goalId ?? '');
  }

  /**
   * Starts an agent that is not one of the services (an SDK agent, another language) as a child
   * process on this swarm's topics, and waits for its ONLINE heartbeat (observe AgentHeartbeat
   * first). Its output is kept for error messages; close() kills it. `options.env` adds to the
   * environment it inherits (a signing key, say).
   */
  async startAgent(
    label: string,
    agentId: string,
    command: string,
    args: readonly string[],
    options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
  ): Promise<ExternalAgent> {
    const env = stackEnv();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        KAFKA_BROKERS: env.KAFKA_BROKERS,
        SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
        KAFKA_TOPIC_PREFIX: this.prefix,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const agent: ExternalAgent = {
      child,
      exited: new Promise((r) => child.once('exit', (code) => r(code))),
      output: () => output,
      withOutput: (error: unknown) =>
        new Error(`${String(error)}\n--- ${label} output ---\n${output.slice(-4000)}`),
    };
    this.agents.push(agent);
    await this.waitOnline(agentId, label, options.timeoutMs).catch((error: unknown) => {
      throw agent.withOutput(error);
    });
    return agent;
  }

  /** Stops one process: SIGTERM (a clean stop) or SIGKILL (a crash); waits until it is gone. */
  async stop(key: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const p = this.process(key);
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
    await p.exited;
  }

  /** Stops every process, the observer, and drops the schemas the processes used. */
  async close(): Promise<void> {
    for (const a of this.agents) if (a.child.exitCode === null) a.child.kill('SIGKILL');
    for (const p of this.processes.values()) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all([...this.processes.values()].map((p) => p.exited));
    await this.client.close();
    await dropSchemas(stackEnv().DATABASE_URL, this.schemas);
  }
}
