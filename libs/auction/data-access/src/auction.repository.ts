import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AgentEntity } from './agent.entity';
import { AuctionEntity } from './auction.entity';
import { AwardEntity } from './award.entity';
import { BidEntity } from './bid.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { ReputationEntity } from './reputation.entity';

/**
 * The auction's state in PostgreSQL. Reads and writes that must agree (closing an auction,
 * renewing a lease) go through {@link AuctionRepository.inTransaction}; claims use
 * `FOR UPDATE SKIP LOCKED`, so replicas sweeping the same tables never take the same row.
 */
@Injectable()
export class AuctionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (tx: AuctionTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new AuctionTransaction(manager)));
  }

  /** Keeps the newest heartbeat of an agent; an older one redelivered changes nothing. */
  async upsertAgent(agent: AgentEntity): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(AgentEntity)
      .values(agent)
      .orUpdate(
        ['capabilities', 'capacity', 'active_tasks', 'status', 'interval_ms', 'last_seen'],
        ['agent_id'],
        { overwriteCondition: { where: `agents.last_seen <= EXCLUDED.last_seen` } },
      )
      .execute();
  }

  /** Replaces an agent's reputations with a newer record; older records are ignored. */
  async upsertReputations(rows: readonly ReputationEntity[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ReputationEntity)
      .values([...rows])
      .orUpdate(['score', 'samples', 'failures', 'updated_at'], ['agent_id', 'capability'], {
        overwriteCondition: { where: `reputations.updated_at <= EXCLUDED.updated_at` },
      })
      .execute();
  }

  async markAwardPublished(eventId: string, at: number): Promise<void> {
    await this.dataSource.query(
      `update awards set published_at = $2 where event_id = $1 and published_at is null`,
      [eventId, at],
    );
  }

  async markOutboxPublished(eventId: string, at: number): Promise<void> {
    await this.dataSource.query(
      `update outbox set published_at = $2 where event_id = $1 and published_at is null`,
      [eventId, at],
    );
  }

  /** Events of a task that were written but not (known to be) published yet. */
  async unpublishedOf(
    taskId: string,
  ): Promise<{ awards: AwardEntity[]; outbox: OutboxEventEntity[] }> {
    const [awards, outbox] = await Promise.all([
      this.dataSource.getRepository(AwardEntity).findBy({ taskId, publishedAt: IsNull() }),
      this.dataSource.getRepository(OutboxEventEntity).findBy({ taskId, publishedAt: IsNull() }),
    ]);
    return { awards, outbox };
  }

  findAuction(taskId: string, attempt: number): Promise<AuctionEntity | null> {
    return this.dataSource.getRepository(AuctionEntity).findOneBy({ taskId, attempt });
  }

  findAward(taskId: string, attempt: number): Promise<AwardEntity | null> {
    return this.dataSource.getRepository(AwardEntity).findOneBy({ taskId, attempt });
  }
}

/** Operations inside one transaction; locks are held until it commits. */
export class AuctionTransaction {
  constructor(private readonly manager: EntityManager) {}

  /** Records a new auction; false when it already exists (a redelivered TaskReady). */
  async insertAuction(auction: AuctionEntity): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(AuctionEntity)
      .values(auction)
      .orIgnore()
      .returning('task_id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  lockAuction(taskId: string, attempt: number): Promise<AuctionEntity | null> {
    return this.manager
      .createQueryBuilder(AuctionEntity, 'a')
      .where('a.task_id = :taskId and a.attempt = :attempt', { taskId, attempt })
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * Open auctions whose round deadline (plus `bidGraceMs` for bids still in flight) or backoff
   * has passed, locked for this transaction.
   */
  claimDueAuctions(now: number, bidGraceMs: number, limit: number): Promise<AuctionEntity[]> {
    return this.manager
      .createQueryBuilder(AuctionEntity, 'a')
      .where(`a.phase in ('bidding', 'backoff')`)
      .andWhere('a.due_at <= :now', { now })
      .andWhere(`(a.phase = 'backoff' or a.due_at <= :closeBefore)`, {
        closeBefore: now - bidGraceMs,
      })
      .orderBy('a.due_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async saveAuction(auction: AuctionEntity): Promise<void> {
    await this.manager.update(
      AuctionEntity,
      { taskId: auction.taskId, attempt: auction.attempt },
      {
        round: auction.round,
        phase: auction.phase,
        roundOpenedAt: auction.roundOpenedAt,
        dueAt: auction.dueAt,
        lastCfpEventId: auction.lastCfpEventId,
        closedAt: auction.closedAt,
        closedBy: auction.closedBy,
      },
    );
  }

  /** Records an answer; false when this agent already answered this round. */
  async insertBid(bid: BidEntity): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(BidEntity)
      .values(bid)
      .orIgnore()
      .returning('agent_id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  roundBids(taskId: string, attempt: number, round: number): Promise<BidEntity[]> {
    return this.manager.findBy(BidEntity, { taskId, attempt, round });
  }

  agentsWithCapability(capability: string): Promise<AgentEntity[]> {
    return this.manager
      .createQueryBuilder(AgentEntity, 'g')
      .where(':capability = any(g.capabilities)', { capability })
      .getMany();
  }

  /** Reputation score per agent for one capability; agents without a record are absent. */
  async reputations(capability: string, agentIds: readonly string[]): Promise<Map<string, number>> {
    if (agentIds.length === 0) return new Map();
    const rows = await this.manager
      .createQueryBuilder(ReputationEntity, 'r')
      .where('r.capability = :capability', { capability })
      .andWhere('r.agent_id = any(:agentIds)', { agentIds: [...agentIds] })
      .getMany();
    return new Map(rows.map((r) => [r.agentId, r.score]));
  }

  /** Inserts the award; false when the attempt already has one (the unique constraint decides). */
  async insertAward(award: AwardEntity): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(AwardEntity)
      .values(award)
      .orIgnore()
      .returning('task_id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  lockAward(taskId: string, attempt: number): Promise<AwardEntity | null> {
    return this.manager
      .createQueryBuilder(AwardEntity, 'w')
      .where('w.task_id = :taskId and w.attempt = :attempt', { taskId, attempt })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The highest attempt this service has seen for a task, the only one whose lease counts. */
  async latestAttempt(taskId: string): Promise<number | undefined> {
    const rows: { attempt: number | null }[] = await this.manager.query(
      `select max(attempt) as attempt from auctions where task_id = $1`,
      [taskId],
    );
    return rows[0]?.attempt ?? undefined;
  }

  /** Active leases of earlier attempts of a task stop counting once a new attempt starts. */
  async supersedeLeases(taskId: string, beforeAttempt: number, at: number): Promise<void> {
    await this.manager.query(
      `update awards set lease_state = 'superseded', lease_closed_at = $3
        where task_id = $1 and attempt < $2 and lease_state = 'active'`,
      [taskId, beforeAttempt, at],
    );
  }

  claimExpiredLeases(now: number, limit: number): Promise<AwardEntity[]> {
    return this.manager
      .createQueryBuilder(AwardEntity, 'w')
      .where(`w.lease_state = 'active'`)
      .andWhere('w.lease_expires_at < :now', { now })
      .orderBy('w.lease_expires_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async saveLease(award: AwardEntity): Promise<void> {
    await this.manager.update(
      AwardEntity,
      { taskId: award.taskId, attempt: award.attempt },
      {
        leaseState: award.leaseState,
        leaseExpiresAt: award.leaseExpiresAt,
        leaseClosedAt: award.leaseClosedAt,
        lastLeaseEventId: award.lastLeaseEventId,
      },
    );
  }

  async addToOutbox(event: OutboxEventEntity): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(OutboxEventEntity)
      .values(event)
      .orIgnore()
      .execute();
  }

  /** Awards whose publication is overdue, locked so only one replica re-publishes each. */
  claimUnpublishedAwards(writtenBefore: number, limit: number): Promise<AwardEntity[]> {
    return this.manager
      .createQueryBuilder(AwardEntity, 'w')
      .where('w.published_at is null')
      .andWhere('w.awarded_at < :writtenBefore', { writtenBefore })
      .orderBy('w.awarded_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  claimUnpublishedOutbox(writtenBefore: number, limit: number): Promise<OutboxEventEntity[]> {
    return this.manager
      .createQueryBuilder(OutboxEventEntity, 'o')
      .where('o.published_at is null')
      .andWhere('o.created_at < :writtenBefore', { writtenBefore })
      .orderBy('o.created_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markAwardPublished(eventId: string, at: number): Promise<void> {
    await this.manager.query(`update awards set published_at = $2 where event_id = $1`, [
      eventId,
      at,
    ]);
  }

  async markOutboxPublished(eventId: string, at: number): Promise<void> {
    await this.manager.query(`update outbox set published_at = $2 where event_id = $1`, [
      eventId,
      at,
    ]);
  }
}
