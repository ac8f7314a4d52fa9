import { randomUUID } from 'node:crypto';
import { AwardEntity } from '@agora/auction/data-access';
import { auctionMetrics } from '@agora/auction/feature';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuctionHarness, bid } from './testing/auction-harness';

const BID_WINDOW_MS = 1_500;
const LEASE_MS = 1_000;

let harness: AuctionHarness;

beforeAll(async () => {
  harness = await AuctionHarness.start('auction', {
    BID_WINDOW_MS: String(BID_WINDOW_MS),
    MAX_ROUNDS: '3',
    ROUND_BACKOFF_MS: '100',
    LEASE_MS: String(LEASE_MS),
  });
  await harness.addAgent('early-1', ['cap.early'], () => bid({ cost: 0.01 }));
  await harness.addAgent('early-2', ['cap.early'], () => bid({ cost: 0.05 }));
  await harness.addAgent('partial-1', ['cap.partial'], () => bid());
  await harness.addSilentAgent('partial-silent', ['cap.partial']);
  await harness.addAgent('refuser', ['cap.none'], () => ({
    ...bid(),
    decision: 'REFUSE',
    cost: null,
  }));
  await harness.addAgent('lease-1', ['cap.lease'], () => bid());
  await harness.addAgent('fence-1', ['cap.fence'], () => bid({ cost: 0.01 }));
  await harness.addAgent('fence-2', ['cap.fence'], () => bid({ cost: 0.05 }));
  await harness.startInstance();
});
afterAll(() => harness?.stop());

const awardOf = (taskId: string, attempt = 1) =>
  waitFor(`TaskAwarded for ${taskId} attempt ${attempt}`, () =>
    harness.events('TaskAwarded').find((a) => a.taskId === taskId && a.attempt === attempt),
  );
const awardRow = (taskId: string, attempt = 1) =>
  harness.db.dataSource.getRepository(AwardEntity).findOneByOrFail({ taskId, attempt });
const counterValue = async (
  metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> },
  labels: Record<string, string> = {},
) =>
  (await metric.get()).values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);

describe('auction service on the real stack', () => {
  it('closes a round early once every live agent has answered, and awards the best bid', async () => {
    const earlyBefore = await counterValue(auctionMetrics.earlyCloses);
    const ready = harness.taskReady({ taskId: `early-${randomUUID()}`, capability: 'cap.early' });
    await harness.client.publisher.publish('TaskReady', ready);

    const award = await awardOf(ready.taskId);
    const cfp = harness.events('CallForProposals').find((c) => c.taskId === ready.taskId)!;
    expect(award.agentId).toBe('early-1');
    expect(award.bidders).toEqual(['early-1', 'early-2']);
    expect(award.input).toBe(ready.input);
    expect(award.leaseExpiresAt - award.envelope.occurredAt).toBe(LEASE_MS);
    // Closed on the early path, not because the window ran out.
    expect((await awardRow(ready.taskId)).closedBy).toBe('all_answered');
    expect(await counterValue(auctionMetrics.earlyCloses)).toBeGreaterThan(earlyBefore);
    const allocationMs = award.envelope.occurredAt - cfp.envelope.occurredAt;
    console.info(
      `early close: awarded ${allocationMs} ms after the call (window ${BID_WINDOW_MS} ms)`,
    );
    expect(allocationMs).toBeLessThan(BID_WINDOW_MS);
  });

  it('waits for the deadline while a live agent has not answered', async () => {
    const ready = harness.taskReady({
      taskId: `partial-${randomUUID()}`,
      capability: 'cap.partial',
    });
    await harness.client.publisher.publish('TaskReady', ready);
    const award = await awardOf(ready.taskId);
    const cfp = harness.events('CallForProposals').find((c) => c.taskId === ready.taskId)!;
    expect(award.agentId).toBe('partial-1');
    expect((await awardRow(ready.taskId)).closedBy).toBe('deadline');
    expect(award.envelope.occurredAt).toBeGreaterThanOrEqual(cfp.bidDeadline);
  });

  it('re-announces rounds with backoff while nobody bids, then fails the task as unallocatable', async () => {
    const unallocatableBefore = await counterValue(auctionMetrics.unallocatable);
    const ready = harness.taskReady({ taskId: `none-${randomUUID()}`, capability: 'cap.none' });
    await harness.client.publisher.publish('TaskReady', ready);
    const failed = await waitFor('TaskFailed unallocatable', () =>
      harness.events('TaskFailed').find((f) => f.taskId === ready.taskId),
    );
    expect(failed).toMatchObject({
      code: 'unallocatable',
      retriable: false,
      agentId: null,
      attempt: 1,
      capability: 'cap.none',
    });
    expect(failed.reason).toBe(
      "no acceptable bid after 3 rounds: 1 live agent has capability 'cap.none' but none bid",
    );
    const calls = harness.events('CallForProposals').filter((c) => c.taskId === ready.taskId);
    expect(calls.map((c) => c.round)).toEqual([1, 2, 3]);
    const [c1, c2, c3] = calls.map((c) => c.envelope.occurredAt) as [number, number, number];
    expect(c2 - c1).toBeGreaterThanOrEqual(100);
    expect(c3 - c2).toBeGreaterThanOrEqual(200);
    expect(calls[1]!.envelope.causationId).toBe(calls[0]!.envelope.eventId);
    expect(harness.events('TaskAwarded').some((a) => a.taskId === ready.taskId)).toBe(false);
    expect(await counterValue(auctionMetrics.unallocatable)).toBe(unallocatableBefore + 1);
  });

  it('fails an attempt whose lease lapses without progress, naming the lapsed agent', async () => {
    const ready = harness.taskReady({ taskId: `lease-${randomUUID()}`, capability: 'cap.lease' });
    await harness.client.publisher.publish('TaskReady', ready);
    const award = await awardOf(ready.taskId);
    const failed = await waitFor('TaskFailed lease_expired', () =>
      harness.events('TaskFailed').find((f) => f.taskId === ready.taskId),
    );
    expect(failed).toMatchObject({
      code: 'lease_expired',
      retriable: true,
      agentId: 'lease-1',
      attempt: 1,
      capability: 'cap.lease',
    });
    expect(failed.envelope.occurredAt).toBeGreaterThan(award.leaseExpiresAt);
    expect(failed.envelope.causationId).toBe(award.envelope.eventId);
    expect((await awardRow(ready.taskId)).leaseState).toBe('expired');
  });

  it('renews the lease on progress from the winner and closes it on the result', async () => {
    const ready = harness.taskReady({ taskId: `renew-${randomUUID()}`, capability: 'cap.lease' });
    await harness.client.publisher.publish('TaskReady', ready);
    const award = await awardOf(ready.taskId);
    const renewedTo = Date.now() + 10_000;
    await harness.client.publisher.publish('TaskProgress', {
      envelope: harness.envelope(ready.envelope.goalId, award.envelope.eventId),
      taskId: ready.taskId,
      attempt: 1,
      agentId: 'lease-1',
      progress: 0.5,
      message: 'halfway',
      leaseExpiresAt: renewedTo,
    });
    await waitFor('lease renewed', async () =>
      (await awardRow(ready.taskId)).leaseExpiresAt === renewedTo ? true : undefined,
    );
    // Well past the original lease: still no failure.
    await new Promise((r) => setTimeout(r, Math.max(0, award.leaseExpiresAt + 500 - Date.now())));
    expect(harness.events('TaskFailed').some((f) => f.taskId === ready.taskId)).toBe(false);
    await harness.client.publisher.publish('TaskCompleted', {
      envelope: harness.envelope(ready.envelope.goalId, award.envelope.eventId),
      taskId: ready.taskId,
      attempt: 1,
      agentId: 'lease-1',
      capability: 'cap.lease',
      output: '{}',
      usage: { durationMs: 10, inputTokens: 0, outputTokens: 0, costUsd: 0, model: null },
    });
    await waitFor('lease closed', async () =>
      (await awardRow(ready.taskId)).leaseState === 'closed' ? true : undefined,
    );
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
    // Keep attempt 2's lease alive well beyond the test.
    const renewedTo = Date.now() + 30_000;
    await harness.client.publisher.publish('TaskProgress', {
      envelope: harness.envelope(second.envelope.goalId, award2.envelope.eventId),
      taskId,
      attempt: 2,
      agentId: 'fence-2',
      progress: null,
      message: null,
      leaseExpiresAt: renewedTo,
    });
    await waitFor('attempt 2 lease renewed', async () =>
      (await awardRow(taskId, 2)).leaseExpiresAt === renewedTo ? true : undefined,
    );

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
    const current = await awardRow(taskId, 2);
    expect(current.leaseState).toBe('active');
    expect(current.leaseExpiresAt).toBe(renewedTo);
    expect((await awardRow(taskId, 1)).leaseState).toBe('superseded');
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
