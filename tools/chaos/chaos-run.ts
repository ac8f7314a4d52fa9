import { randomUUID } from 'node:crypto';
import { frame, type MessagingClient } from '@agora/messaging';
import { avroEntriesBomb, bombableInputs } from '../../libs/messaging/src/testing/hostile-bodies';
import type { BenchSwarm } from '../bench/bench-swarm';
import { goalSubmitted } from '../bench/goal-tracker';
import { delay } from '../bench/poll';
import type { TcpProxy } from '../e2e/tcp-proxy';
import { ensureStack, stopStack } from '../stack';
import type { ChaosObserver, ChaosTally } from './chaos-observer';
import type { GoalView } from '@agora/planner/feature';

/** How long the broker stays down in the broker scenario. */
const BROKER_DOWN_MS = 5_000;

/**
 * How long a process stays frozen in the pause scenario: past the consumer session timeout (10 s
 * by default), so its group moves its partitions away and it wakes up holding a stale batch.
 */
const PAUSE_MS = 15_000;

/** How long a restarted process may take to be healthy before it is killed and started again. */
const RESTART_TIMEOUT_MS = 60_000;

export const killable = ['planner', 'auction', 'evaluator', 'memory', 'executor'] as const;
export const scenarioNames = [
  ...killable.map((s) => `kill-${s}` as const),
  'pause',
  'postgres',
  'broker',
  'poison',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ChaosOptions {
  /** Goals to submit at least; the stream goes on until the injections are done. */
  goals: number;
  /** Faults to inject per scenario (the postgres scenario: outages). */
  injections: number;
  /** Pause between the end of one injection and the next. */
  everyMs: number;
  /** Length of each PostgreSQL outage. */
  outageMs: number;
  /** One goal every this often while the scenario runs. */
  goalEveryMs: number;
  /** Longest wait for every goal to end once the faults stop. */
  settleMs: number;
}

export interface ScenarioResult extends ChaosTally {
  scenario: ScenarioName;
  injections: number;
  /** Per injection: how long until the swarm served again (see each scenario). */
  recoveryMs: number[];
  /** What recovery means for this scenario, for the report. */
  recoveryMeans: string;
  seconds: number;
}

export interface ChaosContext {
  swarm: BenchSwarm;
  client: MessagingClient;
  observer: ChaosObserver;
  /** Between the services and PostgreSQL; cut for the postgres scenario. */
  proxy: TcpProxy;
  /** Executor process keys. */
  executors: string[];
  log: (line: string) => void;
}

/** One goal of each shipped workflow in turn, offline-deterministic skills doing the work. */
const chaosProducer = { service: 'chaos', version: '0' };

const goalMix = [
  { workflow: 'triage', goal: 'Customer says the invoice was charged twice' },
  { workflow: 'support', goal: 'My order arrived damaged, what can I do?' },
  { workflow: 'research', goal: 'How do consumer groups let Kafka scale processing?' },
  { workflow: 'content', goal: 'Write a short post about event sourcing' },
  { workflow: 'devops', goal: 'Disk on web-1 is almost full' },
];

/**
 * Streams goals of every workflow while injecting the scenario's fault `injections` times, then
 * waits for every goal to end and counts what was lost or doubled.
 */
export async function runScenario(
  name: ScenarioName,
  ctx: ChaosContext,
  options: ChaosOptions,
): Promise<ScenarioResult> {
  const started = Date.now();
  const ids = new Set<string>();
  let injecting = true;
  const streaming = (async () => {
    for (let i = 0; injecting || i < options.goals; i++) {
      try {
        ids.add(await submit(ctx.client, goalMix[i % goalMix.length]!, i));
      } catch {
        // The broker is down (the broker scenario): this goal was never accepted; go on.
      }
      await delay(options.goalEveryMs);
    }
  })();

  const recoveryMs: number[] = [];
  let recoveryMeans = '';
  try {
    for (let n = 1; n <= options.injections; n++) {
      await delay(options.everyMs);
      const { ms, means } = await inject(name, ctx, options, n);
      recoveryMs.push(ms);
      recoveryMeans = means;
      ctx.log(
        `${name}: injection ${n}/${options.injections}, recovered in ${(ms / 1000).toFixed(1)} s; ${ctx.observer.endedCount(ids)}/${ids.size} goals ended`,
      );
    }
  } finally {
    injecting = false;
  }
  await streaming;

  const deadline = Date.now() + options.settleMs;
  let lastLog = Date.now();
  while (ctx.observer.endedCount(ids) < ids.size && Date.now() < deadline) {
    await delay(200);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      ctx.log(`${name}: ${ctx.observer.endedCount(ids)}/${ids.size} goals ended`);
    }
  }
  await explainUnended(name, ctx, ids);
  // A poison pill is meant to be dead-lettered; anything else dead-lettered is explained.
  if (name !== 'poison') {
    for (const says of ctx.observer.deadLettersSince(started)) {
      ctx.log(`${name}: dead letter ${says}`);
    }
  }
  return {
    scenario: name,
    injections: recoveryMs.length,
    recoveryMs,
    recoveryMeans,
    seconds: (Date.now() - started) / 1000,
    ...ctx.observer.tally(ids, started),
  };
}

async function inject(
  name: ScenarioName,
  ctx: ChaosContext,
  options: ChaosOptions,
  n: number,
): Promise<{ ms: number; means: string }> {
  if (name === 'pause') {
    // Each service kind in turn, as a long GC pause or a frozen VM would stop it.
    const targets = [...killable.filter((k) => k !== 'executor'), ...ctx.executors];
    const key = targets[(n - 1) % targets.length]!;
    ctx.swarm.signal(key, 'SIGSTOP');
    try {
      await delay(PAUSE_MS);
    } finally {
      ctx.swarm.signal(key, 'SIGCONT');
    }
    const back = Date.now();
    const id = await submit(ctx.client, goalMix[0]!, -1);
    let live: number | string = 'not asked yet';
    await waitUntil(
      async () => {
        live = await fetch(ctx.swarm.url(key, '/health/live'), {
          signal: AbortSignal.timeout(2_000),
        }).then(
          (r) => r.status,
          (e: unknown) => String(e),
        );
        return live === 200 && ctx.observer.endedCount(new Set([id])) === 1;
      },
      120_000,
      () =>
        `${key} thawed: /health/live ${live}; goal ${id} ${ctx.observer.endedCount(new Set([id])) === 1 ? 'ended' : 'not ended'}`,
    );
    return {
      ms: Date.now() - back,
      means: `SIGSTOP ${PAUSE_MS / 1000} s (past the session timeout), SIGCONT → live, a new goal completed`,
    };
  }
  if (name === 'postgres') {
    ctx.proxy.cut();
    await delay(options.outageMs);
    ctx.proxy.restore();
    const back = Date.now();
    // Served again: a goal submitted after the outage completes.
    const id = await submit(ctx.client, goalMix[0]!, -1);
    await waitUntil(() => ctx.observer.endedCount(new Set([id])) === 1, 120_000);
    return { ms: Date.now() - back, means: 'outage end → a new goal completed' };
  }
  if (name === 'broker') {
    // The stack's own broker, stopped cleanly and started again on its data.
    await stopStack({ only: ['kafka'], quiet: true });
    await delay(BROKER_DOWN_MS);
    await ensureStack({ quiet: true });
    const back = Date.now();
    let id: string | undefined;
    await waitUntil(async () => {
      // The client's producer reconnects on its own; a send may fail until it has.
      id ??= await submit(ctx.client, goalMix[0]!, -1).catch(() => undefined);
      return id !== undefined && ctx.observer.endedCount(new Set([id])) === 1;
    }, 180_000);
    return { ms: Date.now() - back, means: 'broker back → a new goal completed' };
  }
  if (name === 'poison') {
    const values = await Promise.all(
      bombableInputs.map(async (type) => {
        const bomb = avroEntriesBomb(type)!;
        return { type, value: frame(await ctx.client.codec.schemaId(type), bomb.body) };
      }),
    );
    const raw = ctx.client.rawKafka.producer();
    await raw.connect();
    const sent = Date.now();
    try {
      for (const { type, value } of values) {
        await raw.send({
          topic: ctx.client.topics.topic(type),
          messages: [
            { key: `poison-${randomUUID()}`, value },
            { key: `garbage-${randomUUID()}`, value: Buffer.from('not avro at all') },
          ],
        });
      }
    } finally {
      await raw.disconnect();
    }
    await waitUntil(() => values.every((v) => ctx.observer.deadLetteredAt(v.value, sent)), 60_000);
    for (const key of ctx.swarm.keys) {
      const live = await fetch(ctx.swarm.url(key, '/health/live'), {
        signal: AbortSignal.timeout(2_000),
      }).catch(() => undefined);
      if (live?.status !== 200) throw new Error(`${key} is not live after the poison`);
    }
    const last = Math.max(...values.map((v) => ctx.observer.deadLetteredAt(v.value, sent) ?? 0));
    return { ms: last - sent, means: 'poison sent → every bomb dead-lettered' };
  }
  const service = name.slice('kill-'.length);
  const key =
    service === 'executor'
      ? ctx.executors[Math.floor(Math.random() * ctx.executors.length)]!
      : service;
  await ctx.swarm.kill(key);
  const restarted = Date.now();
  // As an orchestrator would: a process not healthy in time is killed and started again. Its
  // output goes to the log, for the cause; the recovery time counts every try.
  for (let tries = 1; ; tries++) {
    try {
      await ctx.swarm.restart(key, RESTART_TIMEOUT_MS);
      return { ms: Date.now() - restarted, means: 'SIGKILL, restart → healthy' };
    } catch (error) {
      if (tries >= 3) throw error;
      ctx.log(
        `${name}: ${key} not healthy after ${RESTART_TIMEOUT_MS / 1000} s; killing it and starting it again\n${String(error)}`,
      );
      await ctx.swarm.kill(key);
    }
  }
}

/**
 * For each goal the observer never saw end, logs what the planner holds for it: a goal ended
 * there but not seen is an observer gap; one still open shows the task it is stuck on.
 */
async function explainUnended(
  name: ScenarioName,
  ctx: ChaosContext,
  ids: ReadonlySet<string>,
): Promise<void> {
  for (const id of ids) {
    if (ctx.observer.endedCount(new Set([id])) === 1) continue;
    const view = await fetch(ctx.swarm.url('planner', `/goals/${id}`), {
      signal: AbortSignal.timeout(5_000),
    }).then(
      async (r) => (r.ok ? ((await r.json()) as GoalView) : `HTTP ${r.status}`),
      (e: unknown) => String(e),
    );
    if (typeof view === 'string') {
      ctx.log(`${name}: goal ${id} never ended; the planner answers ${view}`);
      continue;
    }
    const tasks = view.tasks
      .map(
        (t) =>
          `${t.name} ${t.state} attempt ${t.attempts}/${t.maxAttempts}` +
          (t.auction ? ` awarded to ${t.auction.agentId}` : '') +
          (t.waitingFor ? ` waiting for ${t.waitingFor}` : ''),
      )
      .join('; ');
    ctx.log(
      `${name}: goal ${id} (${view.workflow}) never seen ending; planner: ${view.state}; ${tasks}`,
    );
  }
}

async function submit(
  client: MessagingClient,
  spec: { workflow: string; goal: string },
  i: number,
): Promise<string> {
  const event = goalSubmitted({ ...spec, goal: `${spec.goal} (#${i})` }, chaosProducer);
  await client.publisher.publish('GoalSubmitted', event);
  return event.envelope.goalId!;
}

async function waitUntil(
  done: () => unknown,
  timeoutMs: number,
  state: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) {
      const detail = state();
      throw new Error(`not recovered within ${timeoutMs / 1000} s${detail ? ` (${detail})` : ''}`);
    }
    await delay(100);
  }
}

/** True when a scenario lost, doubled or failed anything. */
export function broken(result: ScenarioResult): boolean {
  return (
    result.neverTerminal > 0 ||
    result.awardedTwice > 0 ||
    result.acceptedTwice > 0 ||
    result.failures.length > 0
  );
}
