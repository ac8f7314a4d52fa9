import { randomUUID } from 'node:crypto';
import {
  newEnvelope,
  type CallForProposals,
  type EventMap,
  type EventType,
  type TaskAwarded,
} from '@agora/contracts';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { uniquePrefix, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, type Agent } from './agent';
import type { AbortReason } from './agent-options';

/**
 * One SDK agent against the real broker and registry, with this test playing the auction and
 * the planner: it publishes calls, awards and cancellations, and reads what the agent sends.
 */
describe('an SDK agent speaks the agent protocol', () => {
  const prefix = uniquePrefix('agentsdk');
  const platform: MessagingClient = testMessagingClient(prefix, { service: 'platform-test' });
  const seen = new Map<EventType, unknown[]>();
  const agentId = `sdk-${randomUUID().slice(0, 6)}`;
  const aborts = new Map<string, AbortReason>();
  let agent: Agent;

  const events = <T extends EventType>(type: T) => (seen.get(type) ?? []) as EventMap[T][];
  const about = <T extends 'BidSubmitted' | 'TaskProgress' | 'TaskCompleted' | 'TaskFailed'>(
    type: T,
    taskId: string,
  ) => events(type).filter((e) => e.taskId === taskId && e.envelope.producer.service === agentId);

  beforeAll(async () => {
    await platform.connect();
    const consumer = platform.consumer(`${prefix}observer`);
    for (const type of [
      'AgentHeartbeat',
      'BidSubmitted',
      'TaskProgress',
      'TaskCompleted',
      'TaskFailed',
    ] as const) {
      seen.set(type, []);
      consumer.on(type, (event) => {
        seen.get(type)?.push(event);
      });
    }
    await consumer.start();
    agent = await createAgent({
      id: agentId,
      capabilities: ['translate'],
      capacity: 1,
      connection: platform.options,
      logger: createLogger(agentId, 'silent'),
      heartbeatIntervalMs: 500,
      drainTimeoutMs: 1_000,
      bid: (call) =>
        call.taskName === 'decline' ? undefined : { costUsd: 0.004, etaMs: 250, confidence: 0.9 },
      run: async (task, ctx) => {
        switch (task.input.goal) {
          case 'ok': {
            ctx.progress(0.5, 'halfway');
            return { kind: 'text', text: `bonjour (${task.input.inputs['text']})` };
          }
          case 'block':
            await new Promise<void>((resolve) => {
              ctx.signal.addEventListener('abort', () => {
                aborts.set(task.taskId, ctx.signal.reason as AbortReason);
                resolve();
              });
            });
            throw new Error('stopped');
          case 'invalid':
            return { kind: 'text' } as never;
          case 'hang':
            return new Promise(() => undefined);
          default:
            throw new Error(`unexpected goal ${task.input.goal}`);
        }
      },
    });
    await agent.start();
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await platform.close();
  });

  function call(taskId: string, taskName = 'translate', capability = 'translate') {
    const event: CallForProposals = {
      envelope: newEnvelope({ producer: { service: 'auction', version: '0' }, goalId: null }),
      taskId,
      attempt: 1,
      round: 1,
      capability,
      taskName,
      inputSummary: null,
      bidDeadline: Date.now() + 2_000,
      excludedAgents: [],
      invitedAgents: [],
    };
    return platform.publisher.publish('CallForProposals', event);
  }

  async function award(taskId: string, goal: string) {
    await call(taskId);
    await waitFor(`a bid on ${taskId}`, () =>
      about('BidSubmitted', taskId).find((b) => b.decision === 'BID'),
    );
    const event: TaskAwarded = {
      envelope: newEnvelope({ producer: { service: 'auction', version: '0' }, goalId: null }),
      taskId,
      attempt: 1,
      round: 1,
      taskName: 'translate',
      capability: 'translate',
      agentId,
      leaseExpiresAt: Date.now() + 30_000,
      score: 1,
      bidders: [agentId],
      input: JSON.stringify({ goal, inputs: { text: 'hello' } }),
      feedback: null,
      incarnation: agent.incarnation,
      scores: [],
    };
    await platform.publisher.publish('TaskAwarded', event);
  }

  it('heartbeats ONLINE with its capabilities, capacity and incarnation', async () => {
    const beat = await waitFor('an ONLINE heartbeat', () =>
      events('AgentHeartbeat').find((h) => h.agentId === agentId && h.status === 'ONLINE'),
    );
    expect(beat).toMatchObject({
      capabilities: ['translate'],
      capacity: 1,
      activeTasks: 0,
      intervalMs: 500,
      incarnation: agent.incarnation,
    });
  });

  it('bids what bid() offers, and refuses when bid() declines', async () => {
    const [wanted, declined] = [randomUUID(), randomUUID()];
    await call(wanted);
    await call(declined, 'decline');
    const bid = await waitFor('the bid', () => about('BidSubmitted', wanted)[0]);
    expect(bid).toMatchObject({
      decision: 'BID',
      cost: 0.004,
      estimatedDurationMs: 250,
      confidence: 0.9,
      incarnation: agent.incarnation,
    });
    const refusal = await waitFor('the refusal', () => about('BidSubmitted', declined)[0]);
    expect(refusal).toMatchObject({ decision: 'REFUSE', refusalReason: 'declined by the agent' });
  });

  it('runs an award it bid on: progress renews the lease, the result is TaskCompleted', async () => {
    const taskId = randomUUID();
    await award(taskId, 'ok');
    const done = await waitFor('the result', () => about('TaskCompleted', taskId)[0]);
    expect(JSON.parse(done.output)).toEqual({ kind: 'text', text: 'bonjour (hello)' });
    expect(done.usage.costUsd).toBe(0.004);
    expect(done.envelope.producer.service).toBe(agentId);
    const progress = await waitFor('the progress', () =>
      about('TaskProgress', taskId).find((p) => p.message === 'halfway'),
    );
    expect(progress.progress).toBe(0.5);
    expect(progress.leaseExpiresAt).toBeGreaterThan(done.envelope.occurredAt - 60_000);
  });

  it('refuses calls at capacity, and a cancellation aborts the running attempt', async () => {
    const taskId = randomUUID();
    await award(taskId, 'block');
    await waitFor('the attempt to start', () => agent.activeTasks === 1 || undefined);
    const other = randomUUID();
    await call(other);
    const refusal = await waitFor('the refusal', () => about('BidSubmitted', other)[0]);
    expect(refusal).toMatchObject({ decision: 'REFUSE', refusalReason: 'at capacity (1/1 tasks)' });

    await platform.publisher.publish('TaskFailed', {
      envelope: newEnvelope({ producer: { service: 'planner', version: '0' }, goalId: null }),
      taskId,
      attempt: 1,
      agentId,
      capability: 'translate',
      code: 'cancelled',
      reason: 'goal cancelled',
      retriable: false,
      usage: null,
    });
    await waitFor('the attempt to stop', () => agent.activeTasks === 0 || undefined);
    expect(aborts.get(taskId)).toBe('cancelled');
    // Whoever cancelled published the end: the agent adds nothing.
    expect(about('TaskCompleted', taskId)).toEqual([]);
    expect(about('TaskFailed', taskId)).toEqual([]);
  });

  it('a lease the auction gave up aborts the attempt as lease-lost, publishing nothing', async () => {
    const taskId = randomUUID();
    await award(taskId, 'block');
    await waitFor('the attempt to start', () => agent.activeTasks === 1 || undefined);
    await platform.publisher.publish('TaskFailed', {
      envelope: newEnvelope({ producer: { service: 'auction', version: '0' }, goalId: null }),
      taskId,
      attempt: 1,
      agentId,
      capability: 'translate',
      code: 'lease_expired',
      reason: 'lease expired',
      retriable: true,
      usage: null,
    });
    await waitFor('the attempt to stop', () => agent.activeTasks === 0 || undefined);
    expect(aborts.get(taskId)).toBe('lease-lost');
    expect(about('TaskCompleted', taskId)).toEqual([]);
    expect(about('TaskFailed', taskId)).toEqual([]);
  });

  it('an output that is not valid for its kind fails the attempt, not retriable', async () => {
    const taskId = randomUUID();
    await award(taskId, 'invalid');
    const failure = await waitFor('the failure', () => about('TaskFailed', taskId)[0]);
    expect(failure.code).toBe('error');
    expect(failure.retriable).toBe(false);
    expect(failure.reason).toMatch(/^run\(\) returned an invalid output: .*'text'/);
    expect(about('TaskCompleted', taskId)).toEqual([]);
  });

  it('drains: DRAINING, unfinished work released after the drain timeout, then OFFLINE', async () => {
    const taskId = randomUUID();
    await award(taskId, 'hang');
    await waitFor('the attempt to start', () => agent.activeTasks === 1 || undefined);
    await agent.drain();
    const released = await waitFor('the release', () => about('TaskFailed', taskId)[0]);
    expect(released).toMatchObject({ code: 'released', retriable: true });
    const late = randomUUID();
    await call(late);
    const refusal = await waitFor('the refusal', () => about('BidSubmitted', late)[0]);
    expect(refusal).toMatchObject({ decision: 'REFUSE', refusalReason: 'agent is shutting down' });
    await agent.stop();
    await waitFor('the OFFLINE heartbeat', () =>
      events('AgentHeartbeat').find((h) => h.agentId === agentId && h.status === 'OFFLINE'),
    );
    const statuses = events('AgentHeartbeat')
      .filter((h) => h.agentId === agentId)
      .map((h) => h.status);
    expect(statuses.indexOf('DRAINING')).toBeGreaterThan(-1);
    expect(statuses.indexOf('DRAINING')).toBeLessThan(statuses.indexOf('OFFLINE'));
  });
});
