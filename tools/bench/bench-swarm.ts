import { resolve } from 'node:path';
import type { AgentDefinition } from '@agora/executor/domain';
import { MemoryDocumentsClient } from '@agora/memory-client';
import { readDocuments } from '../../apps/cli/src/commands/memory-ingest.command';
import {
  dropSchemas,
  freePort,
  startService,
  type ServiceName,
  type ServiceProcess,
} from '../e2e/service-process';
import type { StackEnv } from '../stack';
import { delay } from './poll';

const corpusDir = resolve(__dirname, '../../libs/memory/domain/src/corpus');

/** What each executor process hosts. */
export interface AgentPlan {
  /** Agents whose only capability is classify, the one task of a triage goal. */
  classifiers: number;
  /** Tasks each agent works on at once. */
  capacity: number;
  /** Agents whose only capability is one the benchmark's workflows never ask for. */
  idle: number;
}

/** Agents for research goals, per executor process. */
export const researchers = 2;

/**
 * The capability of idle agents. The contracts accept only the capabilities of the shipped
 * workflows, so this is one of the devops workflow, which the benchmark never runs.
 */
export const idleCapability = 'remediate';

/** Zero-work agents: no minimum duration, so the figures are the swarm's own overhead. */
function agent(id: string, capabilities: string[], capacity: number): AgentDefinition {
  return {
    id,
    capabilities,
    capacity,
    cost: { basePerTaskUsd: 0.01, capabilityFactor: {} },
    defaultDurationMs: 100,
    minDurationMs: 0,
  };
}

export function agentsOf(plan: AgentPlan): AgentDefinition[] {
  const numbered = (n: number, make: (i: number) => AgentDefinition) =>
    Array.from({ length: n }, (_, i) => make(i + 1));
  return [
    ...numbered(researchers, (i) =>
      agent(`researcher-${i}`, ['gather', 'analyze', 'validate', 'report'], plan.capacity),
    ),
    ...numbered(plan.classifiers, (i) => agent(`classifier-${i}`, ['classify'], plan.capacity)),
    ...numbered(plan.idle, (i) => agent(`idle-${i}`, [idleCapability], plan.capacity)),
  ];
}

/** Longest a service may take to drain on SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 40_000;

/**
 * The services as real processes (tools/e2e/service-process.ts) on the local stack, under this
 * run's topic prefix, each service in a database schema of its own that {@link close} drops.
 */
export class BenchSwarm {
  private readonly processes = new Map<string, ServiceProcess>();
  /** How each process was started, to start it again the same way. */
  private readonly launches = new Map<
    string,
    { name: ServiceName; extra: Record<string, string> }
  >();
  private readonly schemas = new Set<string>();
  private executorCount = 0;

  /** `env` is added to every process's environment (e.g. a DATABASE_URL through a proxy). */
  constructor(
    private readonly stack: StackEnv,
    private readonly prefix: string,
    private readonly run: string,
    private readonly env: Record<string, string> = {},
  ) {}

  /** Keys of the running processes: service names, executors as `executor-a`, `executor-b`, … */
  get keys(): string[] {
    return [...this.processes.keys()];
  }

  get executors(): number {
    return this.executorCount;
  }

  async startCore(): Promise<void> {
    for (const name of ['planner', 'auction', 'evaluator', 'memory'] as const)
      await this.start(name, name);
    await this.waitHealthy(['planner', 'auction', 'evaluator', 'memory']);
  }

  /**
   * Starts `count` executor processes, suffixes a, b, c, …, hosting the agents of `plan`, or
   * the bundled agents (every capability of the shipped workflows) without one.
   */
  async startExecutors(count: number, plan?: AgentPlan): Promise<void> {
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const suffix = String.fromCharCode(97 + i);
      const key = `executor-${suffix}`;
      await this.start('executor', key, {
        ...(plan ? { AGENTS: JSON.stringify(agentsOf(plan)) } : {}),
        AGENT_ID_SUFFIX: suffix,
      });
      keys.push(key);
    }
    this.executorCount = count;
    await this.waitHealthy(keys);
  }

  async stopExecutors(): Promise<void> {
    const keys = this.keys.filter((k) => k.startsWith('executor-'));
    await Promise.all(keys.map((key) => this.stop(key)));
    this.executorCount = 0;
  }

  async ingestCorpus(): Promise<number> {
    const documents = await readDocuments(corpusDir);
    await new MemoryDocumentsClient(this.url('memory', ''), { batchSize: 100 }).ingest(documents);
    return documents.length;
  }

  /** The Prometheus text of one process's /metrics. */
  async metrics(key: string): Promise<string> {
    const res = await fetch(this.url(key, '/metrics'));
    if (res.status !== 200) throw new Error(`${key} /metrics answered ${res.status}`);
    return res.text();
  }

  /** Processes that exited although nobody stopped them, with the end of their output. */
  crashed(): string[] {
    return [...this.processes]
      .filter(([, p]) => p.child.exitCode !== null || p.child.signalCode !== null)
      .map(
        ([key, p]) =>
          `${key} exited (${p.child.exitCode ?? p.child.signalCode})\n${p.output().slice(-2000)}`,
      );
  }

  /** Stops every process and drops the schemas they used. */
  async close(): Promise<void> {
    await Promise.all(this.keys.map((key) => this.stop(key)));
    await dropSchemas(this.stack.DATABASE_URL, this.schemas);
  }

  /** Kills one process as a crash would (SIGKILL), and waits until it is gone. */
  async kill(key: string): Promise<void> {
    const p = this.process(key);
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }

  /** Sends a signal to one process (e.g. SIGSTOP and SIGCONT, to freeze and thaw it). */
  signal(key: string, signal: NodeJS.Signals): void {
    const p = this.process(key);
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  }

  /**
   * Starts a killed or stopped process again as it was first started; resolves once healthy,
   * rejects (with the end of its output) when it is not within `timeoutMs`.
   */
  async restart(key: string, timeoutMs = 120_000): Promise<void> {
    const launch = this.launches.get(key);
    if (!launch) throw new Error(`no process ${key} was ever started`);
    await this.start(launch.name, key, launch.extra);
    await this.waitOneHealthy(key, timeoutMs);
  }

  /** Last resort when the bench itself is exiting: no waiting, no draining. */
  killAll(): void {
    for (const p of this.processes.values()) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }

  private async start(name: ServiceName, key: string, extra: Record<string, string> = {}) {
    // Executors share one schema, as replicas of one service do.
    const schema = `bench_${name}_${this.run}`;
    this.schemas.add(schema);
    const process = startService(name, await freePort(), {
      ...this.stack,
      DATABASE_SCHEMA: schema,
      KAFKA_TOPIC_PREFIX: this.prefix,
      LOG_LEVEL: 'warn',
      ...this.env,
      ...extra,
    });
    this.processes.set(key, process);
    this.launches.set(key, { name, extra });
  }

  private async stop(key: string): Promise<void> {
    const p = this.processes.get(key);
    if (!p) return;
    this.processes.delete(key);
    if (p.child.exitCode !== null || p.child.signalCode !== null) return;
    p.child.kill('SIGTERM');
    const kill = setTimeout(() => p.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await p.exited;
    clearTimeout(kill);
  }

  private async waitHealthy(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.waitOneHealthy(key)));
  }

  private async waitOneHealthy(key: string, timeoutMs = 120_000): Promise<void> {
    const p = this.process(key);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (p.child.exitCode !== null)
        throw new Error(
          `${key} exited with code ${p.child.exitCode}:\n${p.output().slice(-12000)}`,
        );
      const res = await fetch(this.url(key, '/health')).catch(() => undefined);
      if (res?.status === 200) return;
      await delay(250);
    }
    throw new Error(
      `${key} was not healthy within ${timeoutMs / 1000} s:\n${p.output().slice(-12000)}`,
    );
  }

  private process(key: string): ServiceProcess {
    const p = this.processes.get(key);
    if (!p) throw new Error(`no process ${key}`);
    return p;
  }

  url(key: string, path: string): string {
    return `http://127.0.0.1:${this.process(key).port}${path}`;
  }
}
