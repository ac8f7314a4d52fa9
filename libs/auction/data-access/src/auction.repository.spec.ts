import { testDataSource } from '@agora/database/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuctionEntity } from './auction.entity';
import { AuctionRepository, type BidRow } from './auction.repository';
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

const auction = (taskId: string, over: Partial<AuctionEntity> = {}): AuctionEntity =>
  Object.assign(new AuctionEntity(), {
    taskId,
    attempt: 1,
    goalId: 'g',
    taskName: 'n',
    capability: 'c',
    input: '{}',
    feedback: null,
    excludedAgents: ['x'],
    readyEventId: `ready-${taskId}`,
    readyAt: 1,
    partition: 0,
    priority: 0,
    deadlineAt: null,
    maxWaitMs: null,
    round: 0,
    phase: 'waiting',
    roundOpenedAt: 1,
    dueAt: 1,
    invited: [],
    firstBidAt: null,
    lastCfpEventId: null,
    closedAt: null,
    closedBy: null,
    waitingReason: null,
    notBefore: 0,
    ...over,
  });

const bid = (taskId: string, agentId: string, over: Partial<BidRow> = {}): BidRow => ({
  taskId,
  attempt: 1,
  round: 1,
  agentId,
  eventId: `${taskId}-${agentId}-${over.round ?? 1}`,
  decision: 'BID',
  cost: 0.1,
  estimatedDurationMs: 100,
  confidence: 0.8,
  load: 0,
  sentAt: 1_000,
  incarnation: 'run-1',
  ...over,
});

const open = (taskId: string, dueAt: number, invited = ['a', 'b']) =>
  repo.inTransaction((tx) =>
    tx.openRounds([
      { taskId, attempt: 1, round: 1, invited, openedAt: 900, dueAt, cfpEventId: `cfp-${taskId}` },
    ]),
  );

describe('AuctionRepository on PostgreSQL', () => {
  it('records a batch of auctions once; a redelivered TaskReady inserts nothing', async () => {
    const first = await repo.inTransaction((tx) =>
      tx.insertAuctions([auction('once'), auction('twice')]),
    );
    expect(first.map((k) => k.taskId).sort()).toEqual(['once', 'twice']);
    const again = await repo.inTransaction((tx) =>
      tx.insertAuctions([auction('once', { priority: 9 }), auction('third')]),
    );
    expect(again.map((k) => k.taskId)).toEqual(['third']);
    const stored = await repo.findAuction('once', 1);
    expect(stored).toMatchObject({ phase: 'waiting', priority: 0, excludedAgents: ['x'] });
  });

  it('hands waiting tasks out by priority, then age, and never the same one to two claimers', async () => {
    await repo.inTransaction((tx) =>
      tx.insertAuctions([
        auction('w-old', { capability: 'q', readyAt: 10 }),
        auction('w-new', { capability: 'q', readyAt: 20 }),
        auction('w-urgent', { capability: 'q', readyAt: 30, priority: 5 }),
        auction('w-later', { capability: 'q', readyAt: 5 }),
      ]),
    );
    await repo.inTransaction((tx) =>
      tx.setWaiting([
        {
          taskId: 'w-later',
          attempt: 1,
          reason: 'r',
          notBefore: 10_000,
          closedBy: null,
          closedAt: null,
        },
      ]),
    );
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first: string[] = [];
    const holder = repo.inTransaction(async (tx) => {
      first = (await tx.claimWaiting('q', 100, 2)).map((a) => a.taskId);
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = await repo.inTransaction(async (tx) =>
      (await tx.claimWaiting('q', 100, 10)).map((a) => a.taskId),
    );
    release();
    await holder;
    expect(first).toEqual(['w-urgent', 'w-old']);
    // w-later backs off until 10 000 ms.
    expect(second).toEqual(['w-new']);
  });

  it('takes answers only for the open round, once per agent, and marks late ones', async () => {
    await repo.inTransaction((tx) => tx.insertAuctions([auction('bidding')]));
    await open('bidding', 1_000);
    const touched = await repo.inTransaction((tx) =>
      tx.insertBids(
        [
          bid('bidding', 'a', { sentAt: 950 }),
          bid('bidding', 'b', { sentAt: 1_050, decision: 'REFUSE', cost: null }),
          bid('bidding', 'c', { round: 2 }),
          bid('unknown', 'a'),
        ],
        1_100,
      ),
    );
    expect(touched).toEqual([{ taskId: 'bidding', attempt: 1 }]);
    const [row] = await repo.inTransaction((tx) => tx.lockAuctions(touched));
    expect(row).toMatchObject({ phase: 'bidding', round: 1, invited: ['a', 'b'], firstBidAt: 950 });
    const answers = await repo.inTransaction((tx) => tx.roundAnswers([row!]));
    expect(answers.get('bidding#1')?.map((b) => [b.agentId, b.late])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    // A redelivered bid changes nothing.
    expect(
      await repo.inTransaction((tx) =>
        tx.insertBids([bid('bidding', 'a', { sentAt: 999 })], 1_200),
      ),
    ).toEqual([]);
  });

  it('closes rounds only as far as their partition has been read', async () => {
    await repo.inTransaction((tx) =>
      tx.insertAuctions([
        auction('p0-due', { partition: 2 }),
        auction('p1-due', { partition: 3 }),
        auction('p0-quiet', { partition: 2 }),
      ]),
    );
    await open('p0-due', 2_000);
    await open('p1-due', 2_000);
    await open('p0-quiet', 9_000);
    await repo.inTransaction((tx) =>
      tx.insertBids([bid('p0-quiet', 'a', { sentAt: 2_040 })], 2_040),
    );
    const claim = (through: [number, number][]) =>
      repo.inTransaction(async (tx) =>
        (
          await tx.claimDueRounds(
            through.map(([partition, t]) => ({ partition, through: t })),
            100,
            50,
            10,
          )
        )
          .map((a) => `${a.taskId}:${a.closeReason}`)
          .sort(),
      );
    // Read through 2 080: neither the deadline plus grace (2 100) nor the quiet period (2 090).
    expect(await claim([[2, 2_080]])).toEqual([]);
    expect(await claim([[2, 2_100]])).toEqual(['p0-due:deadline', 'p0-quiet:quiet']);
    // Partition 3 is owned elsewhere (not passed in): its round stays open here.
    expect(await claim([[2, 99_999]])).not.toContain('p1-due:deadline');
  });

  it('refuses a second award for the same task attempt and counts active leases per agent', async () => {
    const award = (eventId: string, agentId: string, taskId = 'awarded'): AwardEntity =>
      Object.assign(new AwardEntity(), {
        taskId,
        attempt: 1,
        eventId,
        goalId: 'g',
        agentId,
        incarnation: 'run-1',
        partition: 0,
        round: 1,
        score: 0.5,
        closedBy: 'deadline',
        awardedAt: 5,
        leaseExpiresAt: 10,
        leaseState: 'active',
        leaseClosedAt: null,
        lastLeaseEventId: eventId,
        payload: { taskName: 'n', capability: 'c' } as never,
      });
    const inserted = await repo.inTransaction((tx) =>
      tx.insertAwards([award('e1', 'a'), award('e3', 'a', 'other')]),
    );
    expect(inserted).toHaveLength(2);
    expect(await repo.inTransaction((tx) => tx.insertAwards([award('e2', 'b')]))).toEqual([]);
    expect((await repo.findAward('awarded', 1))?.agentId).toBe('a');
    expect(await repo.inTransaction((tx) => tx.activeLeases())).toEqual(new Map([['a', 2]]));
    // A restart of agent a (new incarnation) gives both its leases back.
    const earlier = await repo.inTransaction((tx) =>
      tx.claimLeasesOfEarlierRuns(new Map([['a', 'run-2']]), 10),
    );
    expect(earlier.map((a) => a.eventId).sort()).toEqual(['e1', 'e3']);
  });
});
