import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuctionEntity, type ClosedBy } from './auction.entity';
import { AwardEntity } from './award.entity';
import { BidEntity } from './bid.entity';

/** A task attempt: the key of an auction and of its award. */
export interface AttemptKey {
  taskId: string;
  attempt: number;
}

/** A bid as the auction stores it. */
export type BidRow = Omit<BidEntity, 'late' | 'receivedAt'>;

/** A new round for a waiting attempt. */
export interface RoundOpening extends AttemptKey {
  round: number;
  invited: string[];
  openedAt: number;
  dueAt: number;
  cfpEventId: string;
}

/** An attempt that goes back to (or starts) waiting. */
export interface WaitingUpdate extends AttemptKey {
  reason: string;
  notBefore: number;
  closedBy: ClosedBy | null;
  closedAt: number | null;
}

/** An attempt whose auction ends (awarded, failed or cancelled). */
export interface AuctionEnd extends AttemptKey {
  phase: 'awarded' | 'failed' | 'cancelled';
  closedAt: number;
  closedBy: ClosedBy | null;
  reason: string | null;
}

/** A partition and the time through which its answers have been read. */
export interface ReadThrough {
  partition: number;
  through: number;
}

const keyArrays = (keys: readonly AttemptKey[]) => [
  keys.map((k) => k.taskId),
  keys.map((k) => k.attempt),
];

const AUCTION_COLUMNS = `
  a.task_id as "taskId", a.attempt, a.goal_id as "goalId", a.task_name as "taskName",
  a.capability, a.input, a.feedback, a.excluded_agents as "excludedAgents",
  a.ready_event_id as "readyEventId", a.ready_at as "readyAt", a.partition, a.priority,
  a.deadline_at as "deadlineAt", a.max_wait_ms as "maxWaitMs", a.round, a.phase,
  a.round_opened_at as "roundOpenedAt", a.due_at as "dueAt", a.invited,
  a.first_bid_at as "firstBidAt", a.last_cfp_event_id as "lastCfpEventId",
  a.closed_at as "closedAt", a.closed_by as "closedBy", a.waiting_reason as "waitingReason",
  a.not_before as "notBefore"`;

const AWARD_COLUMNS = `
  w.task_id as "taskId", w.attempt, w.event_id as "eventId", w.goal_id as "goalId",
  w.agent_id as "agentId", w.incarnation, w.partition, w.round, w.score, w.closed_by as "closedBy",
  w.awarded_at as "awardedAt", w.lease_expires_at as "leaseExpiresAt",
  w.lease_state as "leaseState", w.lease_closed_at as "leaseClosedAt",
  w.last_lease_event_id as "lastLeaseEventId", w.payload`;

/** pg returns bigint as text; every bigint here is epoch milliseconds or a duration. */
function toAuction(row: Record<string, unknown>): AuctionEntity {
  const ms = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return Object.assign(new AuctionEntity(), row, {
    readyAt: Number(row['readyAt']),
    deadlineAt: ms(row['deadlineAt']),
    maxWaitMs: ms(row['maxWaitMs']),
    roundOpenedAt: Number(row['roundOpenedAt']),
    dueAt: Number(row['dueAt']),
    firstBidAt: ms(row['firstBidAt']),
    closedAt: ms(row['closedAt']),
    notBefore: Number(row['notBefore']),
  });
}

function toAward(row: Record<string, unknown>): AwardEntity {
  return Object.assign(new AwardEntity(), row, {
    awardedAt: Number(row['awardedAt']),
    leaseExpiresAt: Number(row['leaseExpiresAt']),
    leaseClosedAt: row['leaseClosedAt'] === null ? null : Number(row['leaseClosedAt']),
  });
}

/**
 * The auction's state in PostgreSQL. Everything on the hot path is set-based: one statement for
 * all the bids, awards or leases of a batch, whatever its size. Claims use `FOR UPDATE SKIP
 * LOCKED`, so replicas sweeping the same tables never take the same row.
 */
@Injectable()
export class AuctionRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  inTransaction<T>(work: (tx: AuctionTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new AuctionTransaction(manager)));
  }

  findAuction(taskId: string, attempt: number): Promise<AuctionEntity | null> {
    return this.dataSource.getRepository(AuctionEntity).findOneBy({ taskId, attempt });
  }

  findAward(taskId: string, attempt: number): Promise<AwardEntity | null> {
    return this.dataSource.getRepository(AwardEntity).findOneBy({ taskId, attempt });
  }

  /** Waiting attempts per capability, for the gauge and the dispatcher. */
  async waitingByCapability(now: number): Promise<Map<string, { due: number; all: number }>> {
    const rows: { capability: string; due: string; all: string }[] = await this.dataSource.query(
      `select capability, count(*) filter (where not_before <= $1) as due, count(*) as all
         from auctions where phase = 'waiting' group by capability`,
      [now],
    );
    return new Map(rows.map((r) => [r.capability, { due: Number(r.due), all: Number(r.all) }]));
  }
}

/** Operations inside one transaction; locks are held until it commits. */
export class AuctionTransaction {
  constructor(readonly manager: EntityManager) {}

  /** Records new auctions, all waiting; returns the keys actually inserted (not redelivered). */
  async insertAuctions(rows: readonly AuctionEntity[]): Promise<AttemptKey[]> {
    if (rows.length === 0) return [];
    const col = <K extends keyof AuctionEntity>(k: K) => rows.map((r) => r[k]);
    const inserted: { task_id: string; attempt: number }[] = await this.manager.query(
      `insert into auctions (task_id, attempt, goal_id, task_name, capability, input, feedback,
                             excluded_agents, ready_event_id, ready_at, partition, priority,
                             deadline_at, max_wait_ms, round, phase, round_opened_at, due_at,
                             not_before)
       select t.task_id, t.attempt, t.goal_id, t.task_name, t.capability, t.input, t.feedback,
              coalesce((select array_agg(x) from jsonb_array_elements_text(t.excluded) x), '{}'),
              t.ready_event_id, t.ready_at, t.partition, t.priority, t.deadline_at, t.max_wait_ms,
              0, 'waiting', t.ready_at, t.ready_at, 0
         from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::jsonb[], $9::text[], $10::bigint[], $11::int[], $12::int[],
                     $13::bigint[], $14::bigint[])
           as t(task_id, attempt, goal_id, task_name, capability, input, feedback, excluded,
                ready_event_id, ready_at, partition, priority, deadline_at, max_wait_ms)
       on conflict (task_id, attempt) do nothing
       returning task_id, attempt`,
      [
        col('taskId'),
        col('attempt'),
        col('goalId'),
        col('taskName'),
        col('capability'),
        col('input'),
        col('feedback'),
        rows.map((r) => JSON.stringify(r.excludedAgents)),
        col('readyEventId'),
        col('readyAt'),
        col('partition'),
        col('priority'),
        col('deadlineAt'),
        col('maxWaitMs'),
      ],
    );
    return inserted.map((r) => ({ taskId: r.task_id, attempt: r.attempt }));
  }

  /** Active leases of earlier attempts of these tasks stop counting once a newer attempt starts. */
  async supersedeLeases(keys: readonly AttemptKey[], at: number): Promise<void> {
    if (keys.length === 0) return;
    await this.manager.query(
      `update awards w set lease_state = 'superseded', lease_closed_at = $3
         from unnest($1::text[], $2::int[]) as k(task_id, attempt)
        where w.task_id = k.task_id and w.attempt < k.attempt and w.lease_state = 'active'`,
      [...keyArrays(keys), at],
    );
  }

  /** Auctions by key, locked for this transaction, in a fixed order so two lockers never deadlock. */
  async lockAuctions(keys: readonly AttemptKey[]): Promise<AuctionEntity[]> {
    if (keys.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AUCTION_COLUMNS} from auctions a
        where (a.task_id, a.attempt) in (select * from unnest($1::text[], $2::int[]))
        order by a.task_id, a.attempt
        for update`,
      keyArrays(keys),
    );
    return rows.map(toAuction);
  }

  /**
   * Waiting attempts of a capability that may be called now, best first (priority, then age),
   * skipping rows another replica holds.
   */
  async claimWaiting(capability: string, now: number, limit: number): Promise<AuctionEntity[]> {
    if (limit <= 0) return [];
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AUCTION_COLUMNS} from auctions a
        where a.phase = 'waiting' and a.capability = $1 and a.not_before <= $2
        order by a.priority desc, a.ready_at, a.task_id
        limit $3
        for update skip locked`,
      [capability, now, limit],
    );
    return rows.map(toAuction);
  }

  /** Open rounds per capability: each may still take a slot. */
  async openRoundsByCapability(): Promise<Map<string, number>> {
    const rows: { capability: string; n: string }[] = await this.manager.query(
      `select capability, count(*) as n from auctions where phase = 'bidding' group by capability`,
    );
    return new Map(rows.map((r) => [r.capability, Number(r.n)]));
  }

  /** Active leases per agent: the slots the auction has handed out and not got back. */
  async activeLeases(): Promise<Map<string, number>> {
    const rows: { agent_id: string; n: string }[] = await this.manager.query(
      `select agent_id, count(*) as n from awards where lease_state = 'active' group by agent_id`,
    );
    return new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
  }

  async openRounds(rounds: readonly RoundOpening[]): Promise<void> {
    if (rounds.length === 0) return;
    await this.manager.query(
      `update auctions a
          set phase = 'bidding', round = r.round, invited = r.invited, round_opened_at = r.opened_at,
              due_at = r.due_at, last_cfp_event_id = r.cfp_event_id, first_bid_at = null,
              closed_at = null, closed_by = null
         from (select t.task_id, t.attempt, t.round, t.opened_at, t.due_at, t.cfp_event_id,
                      coalesce((select array_agg(x) from jsonb_array_elements_text(t.invited) x),
                               '{}') as invited
                 from unnest($1::text[], $2::int[], $3::int[], $4::jsonb[], $5::bigint[],
                             $6::bigint[], $7::text[])
                   as t(task_id, attempt, round, invited, opened_at, due_at, cfp_event_id)) r
        where a.task_id = r.task_id and a.attempt = r.attempt`,
      [
        ...keyArrays(rounds),
        rounds.map((r) => r.round),
        rounds.map((r) => JSON.stringify(r.invited)),
        rounds.map((r) => r.openedAt),
        rounds.map((r) => r.dueAt),
        rounds.map((r) => r.cfpEventId),
      ],
    );
  }

  async setWaiting(updates: readonly WaitingUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.manager.query(
      `update auctions a
          set phase = 'waiting', waiting_reason = u.reason, not_before = u.not_before,
              closed_by = u.closed_by, closed_at = u.closed_at, invited = '{}'
         from unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::text[], $6::bigint[])
           as u(task_id, attempt, reason, not_before, closed_by, closed_at)
        where a.task_id = u.task_id and a.attempt = u.attempt`,
      [
        ...keyArrays(updates),
        updates.map((u) => u.reason),
        updates.map((u) => u.notBefore),
        updates.map((u) => u.closedBy),
        updates.map((u) => u.closedAt),
      ],
    );
  }

  async endAuctions(ends: readonly AuctionEnd[]): Promise<void> {
    if (ends.length === 0) return;
    await this.manager.query(
      `update auctions a
          set phase = e.phase, closed_at = e.closed_at, closed_by = e.closed_by,
              waiting_reason = coalesce(e.reason, a.waiting_reason)
         from unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::text[], $6::text[])
           as e(task_id, attempt, phase, closed_at, closed_by, reason)
        where a.task_id = e.task_id and a.attempt = e.attempt`,
      [
        ...keyArrays(ends),
        ends.map((e) => e.phase),
        ends.map((e) => e.closedAt),
        ends.map((e) => e.closedBy),
        ends.map((e) => e.reason),
      ],
    );
  }

  /**
   * Records answers for rounds that are open, one per agent and round; answers for another round
   * or a closed auction are dropped. Marks bids sent after the deadline as late and remembers
   * when the first acceptable bid of each round was sent. Returns the rounds that got answers.
   */
  async insertBids(bids: readonly BidRow[], receivedAt: number): Promise<AttemptKey[]> {
    if (bids.length === 0) return [];
    const col = <K extends keyof BidRow>(k: K) => bids.map((b) => b[k]);
    const rows: { task_id: string; attempt: number }[] = await this.manager.query(
      `with accepted as (
         insert into bids (task_id, attempt, round, agent_id, event_id, decision, cost,
                           estimated_duration_ms, confidence, load, received_at, sent_at, late,
                           incarnation)
         select b.task_id, b.attempt, b.round, b.agent_id, b.event_id, b.decision, b.cost,
                b.estimated_duration_ms, b.confidence, b.load, $13, b.sent_at,
                b.sent_at > a.due_at, b.incarnation
           from unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[],
                       $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::bigint[],
                       $12::text[])
             as b(task_id, attempt, round, agent_id, event_id, decision, cost,
                  estimated_duration_ms, confidence, load, sent_at, incarnation)
           join auctions a on a.task_id = b.task_id and a.attempt = b.attempt
                          and a.phase = 'bidding' and a.round = b.round
         on conflict do nothing
         returning task_id, attempt, decision, sent_at),
       first_bids as (
         update auctions a set first_bid_at = least(coalesce(a.first_bid_at, f.sent_at), f.sent_at)
           from (select task_id, attempt, min(sent_at) as sent_at from accepted
                  where decision = 'BID' group by task_id, attempt) f
          where a.task_id = f.task_id and a.attempt = f.attempt)
       select distinct task_id, attempt from accepted`,
      [
        col('taskId'),
        col('attempt'),
        col('round'),
        col('agentId'),
        col('eventId'),
        col('decision'),
        col('cost'),
        col('estimatedDurationMs'),
        col('confidence'),
        col('load'),
        col('sentAt'),
        col('incarnation'),
        receivedAt,
      ],
    );
    return rows.map((r) => ({ taskId: r.task_id, attempt: r.attempt }));
  }

  /** The answers to the current round of each auction, keyed by `${taskId}#${attempt}`. */
  async roundAnswers(auctions: readonly AuctionEntity[]): Promise<Map<string, BidEntity[]>> {
    const out = new Map<string, BidEntity[]>();
    if (auctions.length === 0) return out;
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select b.task_id as "taskId", b.attempt, b.round, b.agent_id as "agentId",
              b.event_id as "eventId", b.decision, b.cost,
              b.estimated_duration_ms as "estimatedDurationMs", b.confidence, b.load,
              b.received_at as "receivedAt", b.sent_at as "sentAt", b.late, b.incarnation
         from bids b
         join unnest($1::text[], $2::int[], $3::int[]) as k(task_id, attempt, round)
           on b.task_id = k.task_id and b.attempt = k.attempt and b.round = k.round
        order by b.sent_at, b.agent_id`,
      [...keyArrays(auctions), auctions.map((a) => a.round)],
    );
    for (const row of rows) {
      const bid = Object.assign(new BidEntity(), row, {
        receivedAt: Number(row['receivedAt']),
        sentAt: Number(row['sentAt']),
      });
      const key = `${bid.taskId}#${bid.attempt}`;
      out.set(key, [...(out.get(key) ?? []), bid]);
    }
    return out;
  }

  /**
   * Open rounds of the given partitions that may close: every answer sent before their deadline
   * (plus `graceMs` in transit), or before the end of the quiet period after their first
   * acceptable bid, has been read. Locked, skipping rows another transaction holds.
   */
  async claimDueRounds(
    readThrough: readonly ReadThrough[],
    graceMs: number,
    quietMs: number,
    limit: number,
  ): Promise<(AuctionEntity & { closeReason: 'deadline' | 'quiet' })[]> {
    if (readThrough.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AUCTION_COLUMNS},
              case when a.due_at + $3 <= rt.through then 'deadline' else 'quiet' end as "closeReason"
         from auctions a
         join unnest($1::int[], $2::bigint[]) as rt(partition, through)
           on a.partition = rt.partition
        where a.phase = 'bidding'
          and (a.due_at + $3 <= rt.through or a.first_bid_at + $4 <= rt.through)
        order by a.due_at
        limit $5
        for update of a skip locked`,
      [
        readThrough.map((r) => r.partition),
        readThrough.map((r) => r.through),
        graceMs,
        quietMs,
        limit,
      ],
    );
    return rows.map((r) =>
      Object.assign(toAuction(r), { closeReason: r['closeReason'] as 'deadline' | 'quiet' }),
    );
  }

  /** Whether any open round of these partitions is past its deadline or quiet period by the wall clock. */
  async anyRoundDue(partitions: readonly number[], now: number, graceMs: number, quietMs: number) {
    if (partitions.length === 0) return false;
    const rows: unknown[] = await this.manager.query(
      `select 1 from auctions
        where phase = 'bidding' and partition = any($1::int[])
          and (due_at + $3 <= $2 or first_bid_at + $4 <= $2)
        limit 1`,
      [partitions, now, graceMs, quietMs],
    );
    return rows.length > 0;
  }

  /** Inserts awards; returns the keys inserted (the unique constraint refuses a second award). */
  async insertAwards(awards: readonly AwardEntity[]): Promise<AttemptKey[]> {
    if (awards.length === 0) return [];
    const col = <K extends keyof AwardEntity>(k: K) => awards.map((a) => a[k]);
    const rows: { task_id: string; attempt: number }[] = await this.manager.query(
      `insert into awards (task_id, attempt, event_id, goal_id, agent_id, incarnation, partition,
                           round, score, closed_by, awarded_at, lease_expires_at, lease_state,
                           last_lease_event_id, payload)
       select t.task_id, t.attempt, t.event_id, t.goal_id, t.agent_id, t.incarnation, t.partition,
              t.round, t.score, t.closed_by, t.awarded_at, t.lease_expires_at, 'active',
              t.event_id, t.payload
         from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::int[], $8::int[], $9::float8[], $10::text[], $11::bigint[], $12::bigint[],
                     $13::jsonb[])
           as t(task_id, attempt, event_id, goal_id, agent_id, incarnation, partition, round,
                score, closed_by, awarded_at, lease_expires_at, payload)
       on conflict (task_id, attempt) do nothing
       returning task_id, attempt`,
      [
        col('taskId'),
        col('attempt'),
        col('eventId'),
        col('goalId'),
        col('agentId'),
        col('incarnation'),
        col('partition'),
        col('round'),
        col('score'),
        col('closedBy'),
        col('awardedAt'),
        col('leaseExpiresAt'),
        awards.map((a) => JSON.stringify(a.payload)),
      ],
    );
    return rows.map((r) => ({ taskId: r.task_id, attempt: r.attempt }));
  }

  /**
   * Active leases of the given partitions that lapsed before the time through which their
   * progress and results have been read, locked for this transaction.
   */
  async claimExpiredLeases(
    readThrough: readonly ReadThrough[],
    limit: number,
  ): Promise<AwardEntity[]> {
    if (readThrough.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AWARD_COLUMNS} from awards w
         join unnest($1::int[], $2::bigint[]) as rt(partition, through) on w.partition = rt.partition
        where w.lease_state = 'active' and w.lease_expires_at < rt.through
        order by w.lease_expires_at
        limit $3
        for update of w skip locked`,
      [readThrough.map((r) => r.partition), readThrough.map((r) => r.through), limit],
    );
    return rows.map(toAward);
  }

  /** Whether any active lease of these partitions lapsed by the wall clock. */
  async anyLeaseLapsed(partitions: readonly number[], now: number): Promise<boolean> {
    if (partitions.length === 0) return false;
    const rows: unknown[] = await this.manager.query(
      `select 1 from awards where lease_state = 'active' and partition = any($1::int[])
          and lease_expires_at < $2 limit 1`,
      [partitions, now],
    );
    return rows.length > 0;
  }

  /** Active leases held by an earlier run of each agent than its current incarnation. */
  async claimLeasesOfEarlierRuns(
    current: ReadonlyMap<string, string>,
    limit: number,
  ): Promise<AwardEntity[]> {
    if (current.size === 0) return [];
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AWARD_COLUMNS} from awards w
         join unnest($1::text[], $2::text[]) as c(agent_id, incarnation) on w.agent_id = c.agent_id
        where w.lease_state = 'active' and w.incarnation <> '' and w.incarnation <> c.incarnation
        limit $3
        for update of w skip locked`,
      [[...current.keys()], [...current.values()], limit],
    );
    return rows.map(toAward);
  }

  /** The award of each attempt and the latest attempt of its task, locked. */
  async lockAwardsWithLatest(
    keys: readonly AttemptKey[],
  ): Promise<
    { key: AttemptKey; award: AwardEntity | undefined; latestAttempt: number | undefined }[]
  > {
    if (keys.length === 0) return [];
    const latest: { task_id: string; attempt: number }[] = await this.manager.query(
      `select task_id, max(attempt) as attempt from auctions
        where task_id = any($1::text[]) group by task_id`,
      [[...new Set(keys.map((k) => k.taskId))]],
    );
    const latestOf = new Map(latest.map((r) => [r.task_id, Number(r.attempt)]));
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AWARD_COLUMNS} from awards w
        where (w.task_id, w.attempt) in (select * from unnest($1::text[], $2::int[]))
        order by w.task_id, w.attempt
        for update`,
      keyArrays(keys),
    );
    const awards = new Map(rows.map(toAward).map((a) => [`${a.taskId}#${a.attempt}`, a]));
    return keys.map((key) => ({
      key,
      award: awards.get(`${key.taskId}#${key.attempt}`),
      latestAttempt: latestOf.get(key.taskId),
    }));
  }

  /** Writes lease changes (renewals, closes, expiries) of several awards at once. */
  async saveLeases(awards: readonly AwardEntity[]): Promise<void> {
    if (awards.length === 0) return;
    await this.manager.query(
      `update awards w
          set lease_state = u.lease_state, lease_expires_at = u.lease_expires_at,
              lease_closed_at = u.lease_closed_at, last_lease_event_id = u.last_lease_event_id
         from unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])
           as u(task_id, attempt, lease_state, lease_expires_at, lease_closed_at, last_lease_event_id)
        where w.task_id = u.task_id and w.attempt = u.attempt`,
      [
        ...keyArrays(awards),
        awards.map((a) => a.leaseState),
        awards.map((a) => a.leaseExpiresAt),
        awards.map((a) => a.leaseClosedAt),
        awards.map((a) => a.lastLeaseEventId),
      ],
    );
  }

  /** Waiting attempts that waited longer than their maxWaitMs allows, locked. */
  async claimOverdueWaits(now: number, limit: number): Promise<AuctionEntity[]> {
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AUCTION_COLUMNS} from auctions a
        where a.phase = 'waiting' and a.max_wait_ms is not null
          and a.ready_at + a.max_wait_ms <= $1
        limit $2
        for update skip locked`,
      [now, limit],
    );
    return rows.map(toAuction);
  }

  /** Waiting attempts for any of these capabilities, locked (to fail them). */
  async claimWaitingFor(capabilities: readonly string[], limit: number): Promise<AuctionEntity[]> {
    if (capabilities.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.manager.query(
      `select ${AUCTION_COLUMNS} from auctions a
        where a.phase = 'waiting' and a.capability = any($1::text[])
        limit $2
        for update skip locked`,
      [capabilities, limit],
    );
    return rows.map(toAuction);
  }
}
