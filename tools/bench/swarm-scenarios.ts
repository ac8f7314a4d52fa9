import { performance } from 'node:perf_hooks';
import type { MessagingClient } from '@agora/messaging';
import type { BenchSwarm } from './bench-swarm';
import { formatRate } from './bench-stats';
import type { GoalSpec, GoalTracker } from './goal-tracker';
import { delay, pollUntil } from './poll';
import { metricTotal } from './prometheus-text';
import { cpuBetween, stackCpu, type StackCpu } from './stack-cpu';
import { highWatermarks, writtenBetween, type Watermarks } from './topic-watermarks';

/** What the scenarios share: the swarm, the observer, and an admin client for watermarks. */
export interface ScenarioContext {
  swarm: BenchSwarm;
  tracker: GoalTracker;
  admin: ReturnType<MessagingClient['rawKafka']['admin']>;
  prefix: string;
}

/** How a set of goals ended. */
export interface GoalsSummary {
  goals: number;
  completed: number;
  failed: number;
  /** Goals without a terminal event when the scenario's time ran out. */
  timedOut: number;
  /** Submit → GoalCompleted, completed goals only. */
  latenciesMs: number[];
  /** Failure reasons with goal and task ids blanked, counted. */
  failures: Map<string, number>;
}

export interface SequentialResult extends GoalsSummary {
  /** TaskReady → TaskAwarded by the events' clocks. */
  allocationMs: number[];
}

export interface BurstResult extends GoalsSummary {
  workflow: string;
  executors: number;
  /** From the first publish to the last terminal event. */
  seconds: number;
  /** Distinct tasks the burst's goals put out to auction. */
  tasks: number;
  /** Messages written per topic of this run while the burst ran. */
  messages: Watermarks;
  /** SQL statements per process while the burst ran. */
  queries: Map<string, number>;
  /** CPU seconds (user + system) per process while the burst ran. */
  cpuSeconds: Map<string, number>;
  /** CPU seconds of the broker, PostgreSQL and the whole machine while the burst ran. */
  stackCpu: StackCpu;
  /** Per process: events its batch handlers received, and how many calls they took. */
  batches: Map<string, { events: number; calls: number }>;
}

const supportTickets = [
  'I was charged twice for my subscription this month, please refund the duplicate payment',
  'The app crashes with an error every time I upload a file larger than ten megabytes',
  'I cannot log in to my account: the password reset email never arrives',
  'What are your opening hours, and how can I contact support by phone?',
];

const researchQuestions = [
  'How do Kafka-based systems deliver each event exactly once, and what must consumers do when delivery fails?',
  'How do consumer groups and partitions let Kafka scale event processing?',
  'What is backpressure in streaming systems, and how do pull-based consumers get it?',
  'What do event-driven architectures trade for availability and independence?',
];

export function triageGoals(count: number): GoalSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    workflow: 'triage',
    goal: `${supportTickets[i % supportTickets.length]} (ticket ${i + 1})`,
  }));
}

export function researchGoals(count: number): GoalSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    workflow: 'research',
    goal: researchQuestions[i % researchQuestions.length]!,
  }));
}

/** Goals published per request in a burst, as a producer team batching its goals would. */
export const PUBLISH_CHUNK = 100;

/**
 * Messages that follow a goal's end (memory recording it, the evaluator's last reputation
 * update) land within moments; counting stops this long after the last terminal event.
 */
const TRAILING_EVENTS_MS = 2_000;

/** One goal at a time: each is submitted once the previous one has ended. */
export async function runSequential(
  ctx: ScenarioContext,
  goals: readonly GoalSpec[],
  timeoutMs: number,
  onProgress: (done: number) => void = () => undefined,
): Promise<SequentialResult> {
  const deadline = performance.now() + timeoutMs;
  const ids: string[] = [];
  for (const spec of goals) {
    if (performance.now() >= deadline) break;
    const [goalId] = await ctx.tracker.submit([spec], 1);
    ids.push(goalId!);
    await ctx.tracker.settled(goalId!, deadline);
    if (ids.length % 10 === 0) onProgress(ids.length);
  }
  const summary = summarize(ctx.tracker, ids);
  // Goals never submitted for lack of time count as timed out too.
  summary.goals = goals.length;
  summary.timedOut += goals.length - ids.length;
  return { ...summary, allocationMs: ctx.tracker.allocationMs(new Set(ids)) };
}

/** Every goal at once; waits until each has ended or the time is up. */
export async function runBurst(
  ctx: ScenarioContext,
  label: string,
  goals: readonly GoalSpec[],
  timeoutMs: number,
): Promise<BurstResult> {
  const before = await usage(ctx);
  const started = performance.now();
  const ids = await ctx.tracker.submit(goals, PUBLISH_CHUNK);
  const settled = () => ids.filter((id) => ctx.tracker.outcome(id)).length;
  await pollUntil(
    () => settled() === ids.length,
    started + timeoutMs,
    2_000,
    () => {
      const done = settled();
      const seconds = (performance.now() - started) / 1000;
      console.log(`${label}: ${done}/${ids.length} done, ${formatRate(done / seconds)} goals/s`);
    },
  );
  const lastEnd = Math.max(started, ...ids.map((id) => ctx.tracker.outcome(id)?.at ?? 0));
  await delay(TRAILING_EVENTS_MS);
  const after = await usage(ctx);
  const queries = new Map<string, number>();
  for (const [key, count] of after.queries)
    queries.set(key, count - (before.queries.get(key) ?? 0));
  const cpuSeconds = new Map<string, number>();
  for (const [key, seconds] of after.cpu) cpuSeconds.set(key, seconds - (before.cpu.get(key) ?? 0));
  const batches = new Map<string, { events: number; calls: number }>();
  for (const [key, b] of after.batches) {
    const earlier = before.batches.get(key) ?? { events: 0, calls: 0 };
    batches.set(key, { events: b.events - earlier.events, calls: b.calls - earlier.calls });
  }
  return {
    ...summarize(ctx.tracker, ids),
    workflow: goals[0]?.workflow ?? '',
    executors: ctx.swarm.executors,
    seconds: (lastEnd - started) / 1000,
    tasks: ctx.tracker.tasksOf(ids),
    messages: writtenBetween(before.watermarks, after.watermarks),
    queries,
    cpuSeconds,
    stackCpu: cpuBetween(before.stack, after.stack),
    batches,
  };
}

/** CPU the services use with nothing to do, per process, as a share of one core. */
export async function idleCpu(ctx: ScenarioContext, seconds: number): Promise<Map<string, number>> {
  const before = await usage(ctx);
  const started = performance.now();
  await delay(seconds * 1000);
  const after = await usage(ctx);
  const elapsed = (performance.now() - started) / 1000;
  return new Map(
    [...after.cpu].map(([key, cpu]) => [key, (cpu - (before.cpu.get(key) ?? 0)) / elapsed]),
  );
}

/** Resident memory per process, from each one's /metrics. */
export async function residentMemory(swarm: BenchSwarm): Promise<Map<string, number | undefined>> {
  const entries = await Promise.all(
    swarm.keys.map(
      async (key) =>
        [key, metricTotal(await swarm.metrics(key), 'process_resident_memory_bytes')] as const,
    ),
  );
  return new Map(entries);
}

/** Topic watermarks, SQL statement counts, batch sizes and CPU seconds so far. */
async function usage(ctx: ScenarioContext): Promise<{
  watermarks: Watermarks;
  queries: Map<string, number>;
  cpu: Map<string, number>;
  stack: StackCpu;
  batches: Map<string, { events: number; calls: number }>;
}> {
  const [watermarks, metrics, stack] = await Promise.all([
    highWatermarks(ctx.admin, ctx.prefix),
    Promise.all(ctx.swarm.keys.map(async (key) => [key, await ctx.swarm.metrics(key)] as const)),
    stackCpu(),
  ]);
  return {
    stack,
    batches: new Map(
      metrics.map(([key, m]) => [
        key,
        {
          events: metricTotal(m, 'agora_consumer_batch_size_sum') ?? 0,
          calls: metricTotal(m, 'agora_consumer_batch_size_count') ?? 0,
        },
      ]),
    ),
    watermarks,
    queries: new Map(
      metrics.map(([key, m]) => [key, metricTotal(m, 'agora_db_queries_total') ?? 0]),
    ),
    cpu: new Map(
      metrics.map(([key, m]) => [key, metricTotal(m, 'process_cpu_seconds_total') ?? 0]),
    ),
  };
}

function summarize(tracker: GoalTracker, ids: readonly string[]): GoalsSummary {
  const summary: GoalsSummary = {
    goals: ids.length,
    completed: 0,
    failed: 0,
    timedOut: 0,
    latenciesMs: [],
    failures: new Map(),
  };
  for (const id of ids) {
    const outcome = tracker.outcome(id);
    if (!outcome) summary.timedOut += 1;
    else if (outcome.completed) {
      summary.completed += 1;
      summary.latenciesMs.push(tracker.latencyMs(id)!);
    } else {
      summary.failed += 1;
      const reason = (outcome.failure ?? 'unknown').replace(uuid, '…');
      summary.failures.set(reason, (summary.failures.get(reason) ?? 0) + 1);
    }
  }
  return summary;
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
