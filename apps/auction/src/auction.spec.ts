import { randomUUID } from 'node:crypto';
import { AwardEntity } from '@agora/auction/data-access';
import { auctionMetrics, RosterService } from '@agora/auction/feature';
import { MessagingClient } from '@agora/messaging';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuctionHarness, bid } from './testing/auction-harness';

const BID_WINDOW_MS = 1_500;
const BID_QUIET_MS = 300;
const LEASE_MS = 1_000;

let harness: AuctionHarness;

beforeAll(async () => {
  harness = await AuctionHarness.start('auction', {
    BID_WINDOW_MS: String(BID_WINDOW_MS),
    BID_QUIET_MS: String(BID_QUIET_MS),
    ROUND_BACKOFF_MS: '100',
    LEASE_MS: String(LEASE_MS),
    ROSTER_SETTLE_MS: '500',
  });
  await harness.addAgent('early-1', ['cap.early'], () => bid({ cost: 0.01 }));
  await harness.addAgent('early-2', ['cap.early'], () => bid({ cost: 0.05 }));
  // Has other capabilities only: it must never be called for cap.early.
  await harness.addAgent('bystander', ['cap.other'], () => bid());
  await harness.addAgent('partial-1', ['cap.partial'], () => bid());
  await harness.addSilentAgent('partial-silent', ['cap.partial']);
  await harness.addAgent('lease-1', ['cap.lease'], () => bid());
  await harness.addAgent('fence-1', ['cap.fence'], () => bid({ cost: 0.01 }));
  await harness.addAgent('fence-2', ['cap.fence'], () => bid({ cost: 0.05 }));
  await harness.addAgent('single', ['cap.single'], () => bid(), { capacity: 1 });
  await harness.addAgent('restarter', ['cap.restart'], () => bid());
  // Declared cap.late once, then stopped: tasks for it wait rather than fail.
  await harness.addAgent('late-0', ['cap.late'], () => bid(), { status: 'OFFLINE' });
  await harness.startInstance();
});
afterAll(() => harness?.stop());

const awardOf = (taskId: string, attempt = 1, timeoutMs = 30_000) =>
  waitFor(
    `TaskAwarded for ${taskId} attempt ${attempt}`,
    () => harness.events('TaskAwarded').find((a) => a.taskId === taskId && a.attempt === attempt),
    { timeoutMs },
  );
const failureOf = (taskId: string) =>
  waitFor(`TaskFailed for ${taskId}`, () =>
    harness.events('TaskFailed').find((f) => f.taskId === taskId),
  );
const awardRow = (taskId: string, attempt = 1) =>
  harness.db.dataSource.getRepository(AwardEntity).findOneByOrFail({ taskId, attempt });
const callsFor = (taskId: string) =>
  harness.events('CallForProposals').filter((c) => c.taskId === taskId);
const counterValue = async (
  metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> },
  labels: Record<string, string> = {},
) =>
  (await metric.get()).values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
const ready = async (
  capability: string,
  over: Parameters<AuctionHarness['taskReady']>[0] | object = {},
) => {
  const event = harness.taskReady({ taskId: `${capability}-${randomUUID()}`, capability, ...over });
  await harness.client.publisher.publish('TaskReady', event);
  return event;
};

describe('auction service on the real stack', () => {
  it('invites only the agents with the capability and closes once they all answered', async () => {
    const earlyBefore = await counterValue(auctionMetrics.earlyCloses);
    const task = await ready('cap.early');
    const award = await awardOf(task.taskId);
    const [call] = callsFor(task.taskId);
    expect(call?.invitedAgents).toEqual(['early-1', 'early-2']);
    expect(award.agentId).toBe('early-1');
    expect(award.bidders).toEqual(['early-1', 'early-2']);
    // Every counted bid with its score, best first: the winner's is the award's score.
    expect(award.scores.map((s) => s.agentId)).toEqual(['early-1', 'early-2']);
    expect(award.scores[0]!.score).toBe(award.score);
    expect(award.scores[1]!.score).toBeLessThanOrEqual(award.score);
    expect(award.input).toBe(task.input);
    expect(award.incarnation).toBe('run-1');
    expect(award.leaseExpiresAt - award.envelope.occurredAt).toBe(LEASE_MS);
    expect((await awardRow(task.taskId)).closedBy).toBe('all_answered');
    expect(await counterValue(auctionMetrics.earlyCloses)).toBeGreaterThan(earlyBefore);
    const allocationMs = award.envelope.occurredAt - call!.envelope.occurredAt;
    console.info(
      `all answered: awarded ${allocationMs} ms after the call (window ${BID_WINDOW_MS} ms)`,
    );
    expect(allocationMs).toBeLessThan(BID_WINDOW_MS);
  });

  it('closes after a quiet period once a bid is in, without waiting the window for a silent agent', async () => {
    const task = await ready('cap.partial');
    const award = await awardOf(task.taskId);
    const [call] = callsFor(task.taskId);
    expect(call?.invitedAgents).toEqual(['partial-1', 'partial-silent']);
    expect(award.agentId).toBe('partial-1');
    expect((await awardRow(task.taskId)).closedBy).toBe('quiet');
    expect(award.envelope.occurredAt).toBeLessThan(call!.bidDeadline);
  });

  it('lets a task wait while nobody can take it, and calls for bids once an agent appears', async () => {
    const task = await ready('cap.late');
    const waiting = await waitFor('TaskWaiting', () =>
      harness.events('TaskWaiting').find((w) => w.taskId === task.taskId),
    );
    expect(waiting).toMatchObject({ capability: 'cap.late', capableAgents: 1, freeSlots: 0 });
    expect(waiting.reason).toBe(
      "no live agent has capability 'cap.late' (1 agent declared it and stopped)",
    );
    expect(callsFor(task.taskId)).toEqual([]);
    await harness.addAgent('late-1', ['cap.late'], () => bid());
    const award = await awardOf(task.taskId);
    expect(award.agentId).toBe('late-1');
    expect(harness.events('TaskFailed').some((f) => f.taskId === task.taskId)).toBe(false);
  });

  it('keeps tasks beyond free capacity waiting, in order of priority, and calls the next when a slot frees', async () => {
    const first = await ready('cap.single');
    const firstAward = await awardOf(first.taskId);
    const low = await ready('cap.single', { priority: 0 });
    const high = await ready('cap.single', { priority: 5 });
    const lowWait = await waitFor('low waits', () =>
      harness.events('TaskWaiting').find((w) => w.taskId === low.taskId),
    );
    expect(lowWait.reason).toBe(
      "1 agent has capability 'cap.single' and all are busy (1 of 1 slots taken)",
    );
    await waitFor('high waits', () =>
      harness.events('TaskWaiting').find((w) => w.taskId === high.taskId),
    );
    expect(callsFor(low.taskId)).toEqual([]);
    // The slot frees: the higher-priority task goes first although it arrived later.
    await harness.complete(firstAward);
    const highAward = await awardOf(high.taskId);
    expect(callsFor(low.taskId)).toEqual([]);
    await harness.complete(highAward);
    await awardOf(low.taskId);
  });

  it('fails at once a task whose capability no agent ever declared, once the roster has settled', async () => {
    await new Promise((r) => setTimeout(r, 600));
    const before = await counterValue(auctionMetrics.unallocatable);
    const task = await ready('cap.nobody');
    const failed = await failureOf(task.taskId);
    expect(failed).toMatchObject({ code: 'unallocatable', retriable: false, agentId: null });
    expect(failed.reason).toBe(
      "no agent has ever declared capability 'cap.nobody'; add an agent with it, or fix the step's capability",
    );
    expect(await counterValue(auctionMetrics.unallocatable)).toBe(before + 1);
  });

  it("fails a task that waited longer than its goal's maxWaitMs, saying why it waited", async () => {
    await harness.addAgent('busy-1', ['cap.busy'], () => bid(), { capacity: 1 });
    const blocker = await ready('cap.busy');
    await awardOf(blocker.taskId);
    const task = await ready('cap.busy', { maxWaitMs: 300 });
    const failed = await failureOf(task.taskId);
    expect(failed.code).toBe('wait_exceeded');
    expect(failed.retriable).toBe(false);
    expect(failed.reason).toMatch(
      /^waited \d+ ms for an agent with capability 'cap.busy', more than the goal's maxWaitMs of 300 ms: 1 agent has capability 'cap.busy' and all are busy/,
    );
  });

  it('fails an attempt whose lease lapses without progress, naming the lapsed agent', async () => {
    const task = await ready('cap.lease');
    const award = await awardOf(task.taskId);
    const failed = await failureOf(task.taskId);
    expect(failed).toMatchObject({
      code: 'lease_expired',
      retriable: true,
      agentId: 'lease-1',
      attempt: 1,
      capability: 'cap.lease',
    });
    expect(failed.envelope.occurredAt).toBeGreaterThan(award.leaseExpiresAt);
    expect(failed.envelope.causationId).toBe(award.envelope.eventId);
    expect((await awardRow(task.taskId)).leaseState).toBe('expired');
  });

  it('renews the lease on progress from the winner, never beyond LEASE_MS from now, and closes it on the result', async () => {
    const task = await ready('cap.lease');
    const award = await awardOf(task.taskId);
    const progress = (leaseExpiresAt: number) =>
      harness.client.publisher.publish('TaskProgress', {
        envelope: harness.envelope(task.envelope.goalId, award.envelope.eventId),
        taskId: task.taskId,
        attempt: 1,
        agentId: 'lease-1',
        progress: 0.5,
        message: 'halfway',
        leaseExpiresAt,
      });
    // An agent asking for an hour gets LEASE_MS from now.
    const sentAt = Date.now();
    await progress(sentAt + 3_600_000);
    await waitFor('lease renewed', async () =>
      (await awardRow(task.taskId)).leaseExpiresAt > award.leaseExpiresAt ? true : undefined,
    );
    expect((await awardRow(task.taskId)).leaseExpiresAt).toBeLessThanOrEqual(Date.now() + LEASE_MS);
    await harness.complete(award);
    await waitFor('lease closed', async () =>
      (await awardRow(task.taskId)).leaseState === 'closed' ? true : undefined,
    );
    expect(harness.events('TaskFailed').some((f) => f.taskId === task.taskId)).toBe(false);
  });

  it('ignores results and progress for an older attempt (fencing) and counts them', async () => {
    const taskId = `fence-${randomUUID()}`;
    const first = harness.taskReady({ taskId, capability: 'cap.fence' });
    await harness.client.publisher.publish('TaskReady', first);
    expect((await awardOf(taskId, 1)).agentId).toBe('fence-1');

    const second = harness.taskReady({
      taskId,
      capability: 'cap.fence',
      attempt: 2,
      excludedAgents: ['fence-1'],
    });
    await harness.client.publisher.publish('TaskReady', second);
    const award2 = await awardOf(taskId, 2);
    expect(award2.agentId).toBe('fence-2');
    expect(award2.bidders).toEqual(['fence-2']);
    expect(callsFor(taskId).find((c) => c.attempt === 2)?.invitedAgents).toEqual(['fence-2']);

    const staleBefore = await counterValue(auctionMetrics.staleResults, { reason: 'old_attempt' });
    await harness.client.publisher.publish('TaskCompleted', {
      envelope: harness.envelope(first.envelope.goalId),
      taskId,
      attempt: 1,
      agentId: 'fence-1',
      capability: 'cap.fence',
      output: '{"late":true}',
      usage: { durationMs: 10, inputTokens: 0, outputTokens: 0, costUsd: 0, model: null },
    });
    await waitFor('stale result counted', async () =>
      (await counterValue(auctionMetrics.staleResults, { reason: 'old_attempt' })) > staleBefore
        ? true
        : undefined,
    );
    expect((await awardRow(taskId, 2)).leaseState).toBe('active');
    expect((await awardRow(taskId, 1)).leaseState).toBe('superseded');
    await harness.complete(award2);
  });

  it('ends at once the lease of an agent whose process restarted, instead of waiting for it to lapse', async () => {
    const task = await ready('cap.restart');
    const award = await awardOf(task.taskId);
    expect(award.incarnation).toBe('run-1');
    await harness.heartbeat('restarter', { incarnation: 'run-2' });
    const failed = await failureOf(task.taskId);
    expect(failed).toMatchObject({ code: 'released', agentId: 'restarter', retriable: true });
    expect(failed.reason).toContain("agent 'restarter' restarted");
    expect(failed.envelope.occurredAt).toBeLessThan(award.leaseExpiresAt);
  });

  it('does not close a round while its answers are unread: a consumer held behind judges bids by what it has read', async () => {
    const consumer = harness.instance().get(MessagingClient).serviceConsumer();
    consumer.pause(['BidSubmitted']);
    try {
      const task = await ready('cap.partial');
      const [call] = await waitFor('the call', () => {
        const calls = callsFor(task.taskId);
        return calls.length > 0 ? calls : undefined;
      });
      // Well past the window and grace: a wall-clock auction would have closed the round empty.
      await new Promise((r) => setTimeout(r, Math.max(0, call!.bidDeadline + 1_000 - Date.now())));
      expect(harness.events('TaskAwarded').some((a) => a.taskId === task.taskId)).toBe(false);
      expect(harness.events('TaskWaiting').some((w) => w.taskId === task.taskId)).toBe(false);
      consumer.resume(['BidSubmitted']);
      const award = await awardOf(task.taskId);
      expect(award.agentId).toBe('partial-1');
      expect(award.round).toBe(1);
    } finally {
      consumer.resume(['BidSubmitted']);
    }
  });

  it('does not declare live agents dead while its roster is behind on their heartbeats', async () => {
    await harness.addAgent('beating', ['cap.beat'], () => bid(), { intervalMs: 100 });
    const roster = harness.instance().get(RosterService);
    await waitFor('the roster to know the agent', () => roster.roster.get('beating'));
    roster.pause();
    let beating = true;
    const beats = (async () => {
      while (beating) {
        await harness.heartbeat('beating', { intervalMs: 100 });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      // Fifteen intervals of heartbeats queue unread; by the wall clock the agent looks gone.
      await new Promise((r) => setTimeout(r, 1_500));
      const task = await ready('cap.beat');
      const award = await awardOf(task.taskId);
      expect(award.agentId).toBe('beating');
      expect(callsFor(task.taskId)[0]?.invitedAgents).toEqual(['beating']);
    } finally {
      roster.resume();
      beating = false;
      await beats;
    }
  });

  it('dead-letters a TaskReady without a goal, naming the field', async () => {
    const bad = harness.taskReady({ taskId: `bad-${randomUUID()}`, capability: 'cap.early' });
    bad.envelope.goalId = null;
    const letters: string[] = [];
    await harness.client
      .consumer(`${harness.prefix}dead-letters`)
      .on('DeadLetter', (d) => {
        letters.push(d.errorMessage);
      })
      .start();
    await harness.client.publisher.publish('TaskReady', bad);
    const message = await waitFor('dead letter', () => letters.find((m) => m.includes(bad.taskId)));
    expect(message).toContain("'envelope.goalId' is required");
  });
});
