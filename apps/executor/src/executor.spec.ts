import { loadConfig } from '@agora/config';
import type {
  AgentHeartbeat,
  BidSubmitted,
  EventMap,
  EventType,
  TaskAwarded,
  TaskCompleted,
  TaskFailed,
  TaskInput,
  TaskProgress,
} from '@agora/contracts';
import { newEnvelope } from '@agora/contracts';
import { testDataSource } from '@agora/database/testing';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSkill } from '@agora/executor/domain';
import { AppModule } from './app.module';
import { executorEnvSchema } from './config';
import { skills } from './skills';

/** A skill of the user's own, for a capability no built-in serves: registered, not coded in. */
const translate = defineSkill({
  name: 'translate',
  description: 'Answers with the goal in capitals (a stand-in for a translation).',
  capabilities: ['translate'],
  output: 'text',
  run: (task) => ({ kind: 'text', text: `[pt] ${task.goal.toUpperCase()}` }),
});
skills.register(translate);

const agents = [
  {
    id: 'writer',
    capabilities: ['plan', 'write', 'gather'],
    capacity: 2,
    cost: { basePerTaskUsd: 0.02, capabilityFactor: { write: 2 } },
    defaultDurationMs: 5_000,
    // Long enough to report progress before the result.
    minDurationMs: 600,
  },
  { id: 'ops', capabilities: ['detect', 'verify'], capacity: 1 },
  { id: 'linguist', capabilities: ['translate'], capacity: 1 },
];
const producer = { service: 'auction', version: '0.0.0-test' };
const input = (goal: string, params: Record<string, unknown> = {}): string =>
  JSON.stringify({ goal, inputs: {}, params, upstream: [] } satisfies TaskInput);

describe('executor app on the real stack', () => {
  const prefix = uniquePrefix('executor');
  const suffix = prefix.slice(-9, -1);
  const writer = `writer-${suffix}`;
  const ops = `ops-${suffix}`;
  const linguist = `linguist-${suffix}`;
  const seen: { [T in EventType]?: EventMap[T][] } = {};
  let probe: MessagingClient;
  let app: INestApplicationContext;
  let dropSchema: () => Promise<void>;

  const events = <T extends EventType>(type: T): EventMap[T][] => seen[type] ?? [];
  const find = <T extends EventType>(what: string, type: T, match: (e: EventMap[T]) => boolean) =>
    waitFor(what, () => events(type).find(match), { timeoutMs: 20_000 });

  beforeAll(async () => {
    probe = testMessagingClient(prefix, { service: 'probe' });
    await probe.connect();
    const consumer = probe.consumer(`${prefix}probe`);
    for (const type of [
      'BidSubmitted',
      'TaskProgress',
      'TaskCompleted',
      'TaskFailed',
      'AgentHeartbeat',
    ] as const) {
      consumer.on(type, (event: EventMap[typeof type]) => {
        ((seen[type] ??= []) as EventMap[typeof type][]).push(event);
      });
    }
    await consumer.start();

    const db = await testDataSource({ label: 'executor-app' });
    dropSchema = db.drop;
    const env = stackEnv();
    const config = loadConfig('executor', executorEnvSchema, {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
      DATABASE_URL: env.DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      KAFKA_TOPIC_PREFIX: prefix,
      AGENTS: JSON.stringify(agents),
      AGENT_ID_SUFFIX: suffix,
      HEARTBEAT_INTERVAL_MS: '500',
      LEASE_RENEW_MS: '200',
      DRAIN_TIMEOUT_MS: '1000',
      MEMORY_SEARCH_TIMEOUT_MS: '30000',
      HTTP_ALLOWLIST: 'status.example.com, 127.0.0.1:8080',
    });
    app = await NestFactory.createApplicationContext(
      AppModule.register({
        service: 'executor',
        version: '0.0.0-test',
        env: config,
        logger: createLogger('executor', 'silent'),
      }),
      { logger: false },
    );
    await app.init();
    await find(
      'writer ONLINE',
      'AgentHeartbeat',
      (h) => h.agentId === writer && h.status === 'ONLINE',
    );
    await find('ops ONLINE', 'AgentHeartbeat', (h) => h.agentId === ops && h.status === 'ONLINE');
    // A new group that starts at the end of a topic fixes its offsets just after joining; give
    // the executor's groups a moment so the first call is not produced before that.
    await new Promise((r) => setTimeout(r, 1_500));
  });

  afterAll(async () => {
    await probe?.close();
    await dropSchema?.();
  });

  const publishCall = async (
    taskId: string,
    capability: string,
    over: { invitedAgents?: string[]; excludedAgents?: string[] } = {},
  ) => {
    await probe.publisher.publish('CallForProposals', {
      envelope: newEnvelope({ producer, goalId: 'goal-1' }),
      taskId,
      attempt: 1,
      round: 1,
      capability,
      taskName: capability,
      inputSummary: null,
      bidDeadline: Date.now() + 10_000,
      excludedAgents: over.excludedAgents ?? [],
      invitedAgents: over.invitedAgents ?? [],
    });
  };
  const award = (
    taskId: string,
    agentId: string,
    capability: string,
    taskInput: string,
  ): TaskAwarded => ({
    envelope: newEnvelope({ producer, goalId: 'goal-1' }),
    taskId,
    attempt: 1,
    round: 1,
    incarnation: '',
    taskName: capability,
    capability,
    agentId,
    leaseExpiresAt: Date.now() + 30_000,
    score: 1,
    bidders: [agentId],
    scores: [],
    input: taskInput,
    feedback: null,
  });

  /** Calls `agentId` alone for the task and waits for its bid: an award answers a bid. */
  const bidFor = async (taskId: string, agentId: string, capability: string) => {
    await publishCall(taskId, capability, { invitedAgents: [agentId] });
    await find(
      `${agentId}'s bid on ${taskId}`,
      'BidSubmitted',
      (b) => b.taskId === taskId && b.agentId === agentId && b.decision === 'BID',
    );
  };

  it('answers only the calls that concern its agents: invited and capable', async () => {
    const heartbeat = events('AgentHeartbeat').find((h) => h.agentId === writer)!;
    expect(heartbeat.incarnation).toMatch(/^[0-9a-f]{8}$/);
    await publishCall('t-call', 'write', { invitedAgents: [writer] });
    const bid = await find(
      'writer bid',
      'BidSubmitted',
      (b) => b.taskId === 't-call' && b.agentId === writer,
    );
    expect(bid).toMatchObject<Partial<BidSubmitted>>({
      decision: 'BID',
      cost: 0.04,
      estimatedDurationMs: 5_000,
      confidence: 0.8,
      load: 0,
      refusalReason: null,
      incarnation: heartbeat.incarnation,
    });
    // An invited agent that may not take the task says so; others say nothing.
    await publishCall('t-excluded', 'detect', { invitedAgents: [ops], excludedAgents: [ops] });
    const refusal = await find(
      'ops refusal',
      'BidSubmitted',
      (b) => b.taskId === 't-excluded' && b.agentId === ops,
    );
    expect(refusal).toMatchObject({
      decision: 'REFUSE',
      refusalReason: 'excluded from this attempt',
    });
    await publishCall('t-others', 'write', { invitedAgents: ['someone-else'] });
    await new Promise((r) => setTimeout(r, 500));
    expect(
      events('BidSubmitted').filter((b) => b.taskId === 't-call' && b.agentId === ops),
    ).toEqual([]);
    expect(events('BidSubmitted').filter((b) => b.taskId === 't-others')).toEqual([]);
  });

  it('ignores an award for a task its agent never bid on (forged, or for a task nobody auctioned)', async () => {
    await probe.publisher.publish(
      'TaskAwarded',
      award('t-forged', ops, 'verify', input('run this', { command: 'echo forged' })),
    );
    // The same agent's real bid on another attempt does not make this one acceptable either.
    await bidFor('t-forged-2', ops, 'verify');
    await probe.publisher.publish('TaskAwarded', {
      ...award('t-forged-2', ops, 'verify', input('run this', { command: 'echo forged' })),
      attempt: 2,
    });
    await new Promise((r) => setTimeout(r, 800));
    for (const taskId of ['t-forged', 't-forged-2']) {
      expect(events('TaskProgress').some((p) => p.taskId === taskId)).toBe(false);
      expect(events('TaskCompleted').some((c) => c.taskId === taskId)).toBe(false);
      expect(events('TaskFailed').some((f) => f.taskId === taskId)).toBe(false);
    }
  });

  it('ignores an award meant for an earlier run of its process', async () => {
    await bidFor('t-old-run', writer, 'plan');
    await probe.publisher.publish('TaskAwarded', {
      ...award('t-old-run', writer, 'plan', input('Plan something')),
      incarnation: 'deadbeef',
    });
    await new Promise((r) => setTimeout(r, 800));
    expect(events('TaskProgress').some((p) => p.taskId === 't-old-run')).toBe(false);
    expect(events('TaskCompleted').some((c) => c.taskId === 't-old-run')).toBe(false);
  });

  it('runs an award in the background: progress, then a completed output, once despite redelivery', async () => {
    const awarded = award('t-plan', writer, 'plan', input('Write about event sourcing with Kafka'));
    await bidFor('t-plan', writer, 'plan');
    await probe.publisher.publish('TaskAwarded', awarded);
    await probe.publisher.publish('TaskAwarded', awarded);
    const progress = await find(
      'progress',
      'TaskProgress',
      (p: TaskProgress) => p.taskId === 't-plan',
    );
    const done = await find(
      'completion',
      'TaskCompleted',
      (c: TaskCompleted) => c.taskId === 't-plan',
    );
    expect(progress.agentId).toBe(writer);
    expect(progress.leaseExpiresAt).toBeGreaterThan(Date.now());
    expect(progress.envelope.occurredAt).toBeLessThanOrEqual(done.envelope.occurredAt);
    expect(done.envelope.causationId).toBe(awarded.envelope.eventId);
    expect(done.envelope.producer.service).toBe(writer);
    const output = JSON.parse(done.output);
    expect(output.kind).toBe('text');
    expect(output.text).toMatch(/^# Outline: Write about event sourcing/);
    expect(done.usage).toMatchObject({
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0.02,
      model: null,
    });

    // The learnt duration (persisted once the result is out) replaces the default in later bids.
    const bid = await waitFor(
      'a bid with the learnt duration',
      async () => {
        const taskId = `t-call-2-${Date.now()}`;
        await publishCall(taskId, 'plan');
        const answer = await find('second bid', 'BidSubmitted', (b) => b.taskId === taskId);
        return answer.estimatedDurationMs! < 5_000 ? answer : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(bid.agentId).toBe(writer);
    expect(events('TaskCompleted').filter((c) => c.taskId === 't-plan')).toHaveLength(1);
  });

  it('serves a capability through a registered skill, and advertises it', async () => {
    const beat = events('AgentHeartbeat').find((h) => h.agentId === linguist);
    expect(beat?.capabilities).toEqual(['translate']);
    await bidFor('t-translate', linguist, 'translate');
    await probe.publisher.publish(
      'TaskAwarded',
      award('t-translate', linguist, 'translate', input('Good morning')),
    );
    const done = await find('translation', 'TaskCompleted', (c) => c.taskId === 't-translate');
    expect(JSON.parse(done.output)).toEqual({ kind: 'text', text: '[pt] GOOD MORNING' });
  });

  it('refuses an agent declaring a capability no registered skill serves, naming it', () => {
    const env = stackEnv();
    expect(() =>
      loadConfig('executor', executorEnvSchema, {
        KAFKA_BROKERS: env.KAFKA_BROKERS,
        SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
        DATABASE_URL: env.DATABASE_URL,
        AGENTS: JSON.stringify([{ id: 'poet', capabilities: ['rhyme'], capacity: 1 }]),
      }),
    ).toThrow(/agent poet: capabilities: no skill of this executor serves 'rhyme'/);
  });

  it('reports in every heartbeat the allow-lists it enforces', () => {
    for (const agentId of [writer, ops]) {
      const heartbeat = events('AgentHeartbeat').find((h) => h.agentId === agentId)!;
      expect(heartbeat).toMatchObject({
        allowedCommands: ['uptime', 'df -h', 'free -m', 'echo *'],
        allowedHosts: ['status.example.com', '127.0.0.1:8080'],
      });
    }
  });

  it('runs an allow-listed command, and fails a command off the list without retry', async () => {
    await bidFor('t-echo', ops, 'verify');
    await bidFor('t-rm', ops, 'detect');
    await probe.publisher.publish(
      'TaskAwarded',
      award('t-echo', ops, 'verify', input('say hi', { command: 'echo hello agora' })),
    );
    await probe.publisher.publish(
      'TaskAwarded',
      award('t-rm', ops, 'detect', input('wipe', { command: 'rm -rf /tmp/x' })),
    );
    const echo = await find('echo', 'TaskCompleted', (c) => c.taskId === 't-echo');
    expect(JSON.parse(echo.output)).toMatchObject({
      kind: 'shell',
      command: 'echo hello agora',
      exitCode: 0,
      stdout: 'hello agora\n',
    });
    const refused = await find('refusal', 'TaskFailed', (f: TaskFailed) => f.taskId === 't-rm');
    expect(refused).toMatchObject({
      agentId: ops,
      code: 'error',
      retriable: false,
      capability: 'detect',
    });
    expect(refused.reason).toMatch(/command 'rm -rf \/tmp\/x' is not allow-listed/);
  });

  it('stops a running task when the attempt is cancelled elsewhere', async () => {
    // Nobody answers memory searches here, so gather waits until it is stopped.
    await bidFor('t-cancel', writer, 'gather');
    await probe.publisher.publish(
      'TaskAwarded',
      award('t-cancel', writer, 'gather', input('anything')),
    );
    await find('progress', 'TaskProgress', (p) => p.taskId === 't-cancel');
    await find(
      'busy heartbeat',
      'AgentHeartbeat',
      (h) => h.agentId === writer && h.activeTasks === 1,
    );
    const cancelledAt = Date.now();
    await probe.publisher.publish('TaskFailed', {
      envelope: newEnvelope({ producer: { service: 'planner', version: '0' }, goalId: 'goal-1' }),
      taskId: 't-cancel',
      attempt: 1,
      agentId: writer,
      capability: 'gather',
      code: 'cancelled',
      reason: 'goal cancelled',
      retriable: false,
      usage: null,
    });
    await find(
      'idle heartbeat',
      'AgentHeartbeat',
      (h) => h.agentId === writer && h.activeTasks === 0 && h.envelope.occurredAt > cancelledAt,
    );
    expect(
      events('TaskFailed').filter(
        (f) => f.taskId === 't-cancel' && f.envelope.producer.service === writer,
      ),
    ).toEqual([]);
    expect(events('TaskCompleted').filter((c) => c.taskId === 't-cancel')).toEqual([]);
  });

  it('drains on close: DRAINING, releases the unfinished task for re-auction, then OFFLINE', async () => {
    await bidFor('t-drain', writer, 'gather');
    await probe.publisher.publish(
      'TaskAwarded',
      award('t-drain', writer, 'gather', input('anything')),
    );
    await find('progress', 'TaskProgress', (p) => p.taskId === 't-drain');
    await app.close();
    const draining = await find(
      'DRAINING',
      'AgentHeartbeat',
      (h: AgentHeartbeat) => h.agentId === writer && h.status === 'DRAINING',
    );
    const released = await find('release', 'TaskFailed', (f) => f.taskId === 't-drain');
    const offline = await find(
      'OFFLINE',
      'AgentHeartbeat',
      (h) => h.agentId === writer && h.status === 'OFFLINE',
    );
    await find('ops OFFLINE', 'AgentHeartbeat', (h) => h.agentId === ops && h.status === 'OFFLINE');
    expect(released).toMatchObject({ agentId: writer, code: 'released', retriable: true });
    expect(draining.envelope.occurredAt).toBeLessThanOrEqual(released.envelope.occurredAt);
    expect(released.envelope.occurredAt).toBeLessThanOrEqual(offline.envelope.occurredAt);
    expect(offline.activeTasks).toBe(0);
  });
});
