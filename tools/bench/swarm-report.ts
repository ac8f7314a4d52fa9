import { availableParallelism } from 'node:os';
import {
  formatLatency,
  formatMiB,
  formatMs,
  formatPercent,
  formatRate,
  percentile,
  plural,
  table,
} from './bench-stats';
import { researchers } from './bench-swarm';
import type { RawWorkQueueResult } from './raw-work-queue';
import type { SwarmBenchOptions } from './swarm-bench-options';
import type { BurstResult, GoalsSummary, SequentialResult } from './swarm-scenarios';

export interface SwarmBenchResults {
  /** The plain work queue, one produce per task then one per batch; ratios use the first. */
  raw: RawWorkQueueResult[];
  sequential?: SequentialResult;
  /** Triage bursts, one per executor process count. */
  bursts: BurstResult[];
  research?: BurstResult;
  /** Resident memory per process after the last scenario. */
  rss?: Map<string, number | undefined>;
  /** Share of one core each process uses with nothing to do. */
  idleCpu?: Map<string, number>;
}

const TOP_REASONS = 5;
const TOP_TOPICS = 8;

export function renderReport(
  results: SwarmBenchResults,
  options: SwarmBenchOptions,
  prefix: string,
): string {
  const sections = [
    header(results, options),
    summary(results),
    results.bursts.length > 0 ? burstTable(results) : '',
    ...[...results.bursts, ...(results.research ? [results.research] : [])].map((burst) =>
      burstDetails(burst, prefix),
    ),
    results.sequential ? failureReasons('sequential triage', results.sequential) : '',
    results.rss ? residentMemory(results.rss) : '',
  ];
  return sections.filter((s) => s.length > 0).join('\n\n');
}

function header(r: SwarmBenchResults, o: SwarmBenchOptions): string {
  const title = `Agora swarm benchmark: Node ${process.version}, ${availableParallelism()} CPUs`;
  if (!r.rss) return title;
  const idle = o.idleAgents > 0 ? ` + ${o.idleAgents} idle` : '';
  return `${title}\nper executor process: ${o.agents} classify + ${researchers} research agents${idle}, capacity ${o.capacity} each`;
}

function summary(r: SwarmBenchResults): string {
  const rows: string[][] = [];
  for (const raw of r.raw) {
    const { tasks, completed, seconds, latenciesMs } = raw;
    rows.push([
      `raw kafkajs work queue, ${raw.mode === 'message' ? 'a send per task' : 'a send per batch'}`,
      `${tasks} tasks: ${formatPercent(completed, tasks)} done, ${formatRate(rawRate(raw))} tasks/s ` +
        `in ${seconds.toFixed(1)} s; result latency ${formatLatency(latenciesMs)}`,
    ]);
  }
  if (r.idleCpu) {
    const total = [...r.idleCpu.values()].reduce((x, y) => x + y, 0);
    rows.push([
      'idle swarm',
      `services use ${(total * 100).toFixed(1)}% of one core doing nothing (` +
        [...r.idleCpu].map(([key, share]) => `${key} ${(share * 100).toFixed(1)}%`).join(', ') +
        ')',
    ]);
  }
  if (r.sequential) {
    const s = r.sequential;
    rows.push([
      'sequential triage',
      `${outcomes(s)}; submit → GoalCompleted ${formatLatency(s.latenciesMs)}; ` +
        `TaskReady → TaskAwarded ${formatLatency(s.allocationMs)}`,
    ]);
  }
  for (const b of r.bursts) {
    rows.push([`burst triage, ${executors(b)}`, `${outcomes(b)}; ${burstFigures(b, r.raw)}`]);
  }
  if (r.research) {
    const b = r.research;
    rows.push([`research burst, ${executors(b)}`, `${outcomes(b)}; ${burstFigures(b, r.raw)}`]);
  }
  return table([['scenario', 'figures'], ...rows]);
}

function burstTable(r: SwarmBenchResults): string {
  const rows = r.bursts.map((b) => [
    String(b.executors),
    String(b.goals),
    formatPercent(b.completed, b.goals),
    String(b.failed),
    String(b.timedOut),
    formatRate(goalsPerSecond(b)),
    formatMs(percentile(b.latenciesMs, 50)),
    formatMs(percentile(b.latenciesMs, 99)),
    r.raw[0] ? (goalsPerSecond(b) / rawRate(r.raw[0])).toFixed(3) : '-',
    perTask(total(b.messages.values()), b.tasks),
    perTask(total(b.queries.values()), b.tasks),
  ]);
  return table([
    [
      'executors',
      'goals',
      'completed',
      'failed',
      'timed out',
      'goals/s',
      'p50 latency',
      'p99 latency',
      'swarm/raw',
      'msgs/task',
      'SQL/task',
    ],
    ...rows,
  ]);
}

function burstDetails(b: BurstResult, prefix: string): string {
  const title = `${b.workflow} burst, ${executors(b)}, ${b.tasks} tasks`;
  const topics = [...b.messages]
    .sort(([, x], [, y]) => y - x)
    .slice(0, TOP_TOPICS)
    .map(([topic, written]) => [`  ${topic.slice(prefix.length)}`, perTask(written, b.tasks)]);
  const queries = [...b.queries].map(([key, n]) => `${key} ${perTask(n, b.tasks)}`).join(', ');
  const cpuTotal = [...b.cpuSeconds.values()].reduce((x, y) => x + y, 0);
  const cpu = [...b.cpuSeconds]
    .map(([key, seconds]) => `${key} ${((seconds * 1000) / Math.max(1, b.tasks)).toFixed(1)}`)
    .join(', ');
  return [
    `${title}: messages per task by topic (top ${TOP_TOPICS})`,
    table(topics),
    `${title}: SQL statements per task by process: ${queries}`,
    `${title}: CPU ms per task by process: ${cpu} (services ${cpuTotal.toFixed(1)} s of ${(b.seconds * 2).toFixed(1)} s on 2 cores)`,
    stackCpuLine(title, b, cpuTotal),
    `${title}: events per batch-handler call by process: ${[...b.batches]
      .filter(([, x]) => x.calls > 0)
      .map(([key, x]) => `${key} ${(x.events / x.calls).toFixed(1)}`)
      .join(', ')}`,
    failureReasons(title, b),
  ]
    .filter((s) => s.length > 0)
    .join('\n');
}

/** CPU per task outside the services: the broker, PostgreSQL and the rest of the machine. */
function stackCpuLine(title: string, b: BurstResult, servicesSeconds: number): string {
  const { kafka, postgres, machine } = b.stackCpu;
  if (machine === undefined) return '';
  const ms = (seconds: number) => ((seconds * 1000) / Math.max(1, b.tasks)).toFixed(1);
  const other = machine - servicesSeconds - (kafka ?? 0) - (postgres ?? 0);
  return (
    `${title}: CPU ms per task on the whole machine ${ms(machine)}: services ${ms(servicesSeconds)}, ` +
    `Kafka ${kafka === undefined ? '-' : ms(kafka)}, PostgreSQL ${postgres === undefined ? '-' : ms(postgres)}, ` +
    `the rest (this benchmark, the registry, the system) ${ms(other)}`
  );
}

function failureReasons(title: string, s: GoalsSummary): string {
  if (s.failures.size === 0) return '';
  const top = [...s.failures].sort(([, x], [, y]) => y - x).slice(0, TOP_REASONS);
  return [
    `${title}: failure reasons, ${s.failures.size} distinct (most frequent ${TOP_REASONS})`,
    ...top.map(([reason, n]) => `  ${String(n).padStart(5)}  ${reason}`),
  ].join('\n');
}

function residentMemory(rss: Map<string, number | undefined>): string {
  return `resident memory after the run: ${[...rss].map(([key, bytes]) => `${key} ${formatMiB(bytes)}`).join(', ')}`;
}

function outcomes(s: GoalsSummary): string {
  return (
    `${s.goals} goals: ${formatPercent(s.completed, s.goals)} completed, ` +
    `${s.failed} failed, ${s.timedOut} timed out`
  );
}

function burstFigures(b: BurstResult, raws: readonly RawWorkQueueResult[]): string {
  const ratio = raws
    .map((raw) => `; swarm/raw (${raw.mode}) ${(goalsPerSecond(b) / rawRate(raw)).toFixed(3)}`)
    .join('');
  return (
    `${formatRate(goalsPerSecond(b))} goals/s in ${b.seconds.toFixed(1)} s; ` +
    `submit → GoalCompleted ${formatLatency(b.latenciesMs)}${ratio}; ` +
    `${perTask(total(b.messages.values()), b.tasks)} messages and ` +
    `${perTask(total(b.queries.values()), b.tasks)} SQL statements per task`
  );
}

const executors = (b: BurstResult) => plural(b.executors, 'executor');

const goalsPerSecond = (b: BurstResult) => (b.seconds > 0 ? b.completed / b.seconds : 0);

const rawRate = (raw: RawWorkQueueResult) => (raw.seconds > 0 ? raw.completed / raw.seconds : 0);

const total = (values: Iterable<number>) => [...values].reduce((sum, n) => sum + n, 0);

const perTask = (n: number, tasks: number) => (tasks > 0 ? (n / tasks).toFixed(1) : '-');
