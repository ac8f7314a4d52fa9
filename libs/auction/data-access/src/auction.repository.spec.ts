import { testDataSource } from '@agora/database/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuctionEntity } from './auction.entity';
import { AuctionRepository } from './auction.repository';
import { AwardEntity } from './award.entity';
import { auctionEntities, auctionMigrations } from './index';

let db: Awaited<ReturnType<typeof testDataSource>>;
let repo: AuctionRepository;

beforeAll(async () => {
  db = await testDataSource({
    entities: auctionEntities,
    migrations: auctionMigrations,
    label: 'auction-repo',
  });
  repo = new AuctionRepository(db.dataSource);
});
afterAll(() => db?.drop());

const auction = (taskId: string, dueAt: number): AuctionEntity =>
  Object.assign(new AuctionEntity(), {
    taskId,
    attempt: 1,
    goalId: 'g',
    taskName: 'n',
    capability: 'c',
    input: '{}',
    feedback: null,
    excludedAgents: [],
    readyEventId: `ready-${taskId}`,
    readyAt: 1,
    round: 1,
    phase: 'bidding',
    roundOpenedAt: 1,
    dueAt,
    lastCfpEventId: null,
    closedAt: null,
    closedBy: null,
  });

describe('AuctionRepository on PostgreSQL', () => {
  it('records an auction once; a redelivered TaskReady inserts nothing', async () => {
    expect(await repo.inTransaction((tx) => tx.insertAuction(auction('once', 10)))).toBe(true);
    expect(await repo.inTransaction((tx) => tx.insertAuction(auction('once', 99)))).toBe(false);
    expect((await repo.findAuction('once', 1))?.dueAt).toBe(10);
  });

  it('two concurrent sweeps never claim the same due auction', async () => {
    for (let i = 0; i < 6; i++) {
      await repo.inTransaction((tx) => tx.insertAuction(auction(`due-${i}`, 100 + i)));
    }
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstClaimed: string[] = [];
    const first = repo.inTransaction(async (tx) => {
      firstClaimed = (await tx.claimDueAuctions(200, 0, 3)).map((a) => a.taskId);
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = await repo.inTransaction(async (tx) =>
      (await tx.claimDueAuctions(200, 0, 10)).map((a) => a.taskId),
    );
    release();
    await first;
    // Seven open auctions in all ('once' from the previous test included), each claimed once.
    expect(firstClaimed).toHaveLength(3);
    expect(second).toHaveLength(4);
    expect(new Set([...firstClaimed, ...second]).size).toBe(7);
  });

  it('refuses a second award for the same task attempt', async () => {
    const award = (eventId: string, agentId: string): AwardEntity =>
      Object.assign(new AwardEntity(), {
        taskId: 'awarded',
        attempt: 1,
        eventId,
        goalId: 'g',
        agentId,
        round: 1,
        score: 0.5,
        closedBy: 'deadline',
        awardedAt: 5,
        leaseExpiresAt: 10,
        leaseState: 'active',
        leaseClosedAt: null,
        lastLeaseEventId: eventId,
        payload: {} as never,
        publishedAt: null,
      });
    expect(await repo.inTransaction((tx) => tx.insertAward(award('e1', 'a')))).toBe(true);
    expect(await repo.inTransaction((tx) => tx.insertAward(award('e2', 'b')))).toBe(false);
    expect((await repo.findAward('awarded', 1))?.agentId).toBe('a');
    expect((await repo.unpublishedOf('awarded')).awards.map((a) => a.eventId)).toEqual(['e1']);
    await repo.markAwardPublished('e1', 6);
    expect((await repo.unpublishedOf('awarded')).awards).toEqual([]);
  });

  it('keeps the newest heartbeat even when an older one arrives later', async () => {
    const beat = (lastSeen: number, status: 'ONLINE' | 'OFFLINE') => ({
      agentId: 'agent-1',
      capabilities: ['c'],
      capacity: 2,
      activeTasks: 0,
      status,
      intervalMs: 1000,
      lastSeen,
    });
    await repo.upsertAgent(beat(200, 'OFFLINE'));
    await repo.upsertAgent(beat(100, 'ONLINE'));
    const agents = await repo.inTransaction((tx) => tx.agentsWithCapability('c'));
    expect(agents.map((a) => [a.lastSeen, a.status])).toEqual([[200, 'OFFLINE']]);
  });
});
