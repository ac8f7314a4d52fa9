import { leaseExpiredReason, restartedReason } from '@agora/auction/domain';
import {
  AuctionRepository,
  type AttemptKey,
  type AuctionEnd,
  type AuctionTransaction,
  type AwardEntity,
  type ReadThrough,
} from '@agora/auction/data-access';
import type { TaskCompleted, TaskFailed, TaskProgress } from '@agora/contracts';
import { MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { Outbox } from '@agora/outbox';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { AUCTION_SETTINGS, type AuctionSettings } from './auction-settings';
import { auctionMetrics as metrics } from './auction.metrics';
import { AuctionService, Effects } from './auction.service';
import { RosterService } from './roster.service';

type LeaseEvents =
  | { type: 'TaskProgress'; events: readonly TaskProgress[] }
  | { type: 'TaskCompleted'; events: readonly TaskCompleted[] }
  | { type: 'TaskFailed'; events: readonly TaskFailed[] };

/** Why a lease event changed nothing; the first two are counted as stale. */
type Ignored = 'old_attempt' | 'not_winner' | 'unknown task' | 'no award' | 'lease already ended';

/**
 * The winner's lease: progress from the lease holder on the current attempt renews it (never
 * further than LEASE_MS from now), its result or failure ends it and frees its slot. Anything
 * about an older attempt, or from another agent, is fenced off and counted. A cancellation ends
 * the lease, or the auction of an attempt still waiting or bidding.
 *
 * Leases lapse by the time read from their partitions, not the wall clock alone: progress still
 * unread is not a missed renewal. A lease held by an agent whose process restarted ends at once.
 */
@Injectable()
export class LeaseService {
  constructor(
    private readonly repository: AuctionRepository,
    private readonly auctions: AuctionService,
    private readonly outbox: Outbox,
    private readonly rosters: RosterService,
    private readonly messaging: MessagingClient,
    @Inject(AUCTION_SETTINGS) private readonly settings: AuctionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle({ type, events }: LeaseEvents): Promise<void> {
    const now = Date.now();
    const effects = new Effects();
    const ignored: { event: AttemptKey & { agentId: string | null }; why: Ignored }[] = [];
    await this.repository.inTransaction(async (tx) => {
      const freed = new Set<string>();
      const found = await tx.lockAwardsWithLatest(events);
      const changed = new Map<string, AwardEntity>();
      const cancelled: AttemptKey[] = [];
      events.forEach((event, i) => {
        const { award, latestAttempt } = found[i] ?? {};
        const cancel = type === 'TaskFailed' && (event as TaskFailed).code === 'cancelled';
        const why = ((): Ignored | undefined => {
          if (latestAttempt === undefined) return 'unknown task';
          if (event.attempt < latestAttempt) return 'old_attempt';
          if (!award) return 'no award';
          if (award.leaseState !== 'active') return 'lease already ended';
          if (!cancel && event.agentId !== award.agentId) return 'not_winner';
          return undefined;
        })();
        if (cancel && why === 'no award') cancelled.push(event);
        if (why || !award) {
          if (why) ignored.push({ event, why });
          return;
        }
        const lease = changed.get(`${award.taskId}#${award.attempt}`) ?? award;
        if (type === 'TaskProgress') {
          const proposed = (event as TaskProgress).leaseExpiresAt;
          lease.leaseExpiresAt = Math.max(
            lease.leaseExpiresAt,
            Math.min(proposed, now + this.settings.leaseMs),
          );
        } else {
          lease.leaseState = 'closed';
          lease.leaseClosedAt = now;
          freed.add(lease.payload.capability);
        }
        lease.lastLeaseEventId = event.envelope.eventId;
        changed.set(`${lease.taskId}#${lease.attempt}`, lease);
      });
      await tx.saveLeases([...changed.values()]);
      const open = (await tx.lockAuctions(cancelled)).filter(
        (a) => a.phase === 'waiting' || a.phase === 'bidding',
      );
      await tx.endAuctions(
        open.map((a): AuctionEnd => ({
          taskId: a.taskId,
          attempt: a.attempt,
          phase: 'cancelled',
          closedAt: now,
          closedBy: null,
          reason: 'cancelled by the planner',
        })),
      );
    });
    for (const { event, why } of ignored) {
      if (why === 'old_attempt' || why === 'not_winner') {
        metrics.staleResults.inc({ event: type, reason: why });
        this.logger.info(
          {
            taskId: event.taskId,
            attempt: event.attempt,
            agentId: event.agentId,
            event: type,
            reason: why,
          },
          'stale lease event ignored',
        );
      }
    }
    await this.auctions.apply(effects, 'throw');
  }

  /**
   * Fails the attempts whose lease lapsed, as far as this replica has read their progress and
   * results; the planner decides whether to try again.
   */
  async expireLapsed(now = Date.now()): Promise<number> {
    const consumer = this.messaging.serviceConsumer();
    const owned = consumer.ownedPartitions('TaskProgress');
    if (owned.length === 0) return 0;
    const lapsed = await this.repository.inTransaction((tx) => tx.anyLeaseLapsed(owned, now));
    if (!lapsed) return 0;
    const readThrough = await this.readThroughOfResults();
    return this.expire(
      'lapsed',
      (tx) => tx.claimExpiredLeases(readThrough, this.settings.sweepBatchSize),
      now,
    );
  }

  /** Ends at once the leases held by earlier runs of agents whose process restarted. */
  async expireEarlierRuns(now = Date.now()): Promise<number> {
    const restarts = this.rosters.takeRestarts();
    if (restarts.size === 0) return 0;
    return this.expire(
      'restarted',
      (tx) => tx.claimLeasesOfEarlierRuns(restarts, this.settings.sweepBatchSize * 10),
      now,
    );
  }

  private async expire(
    cause: 'lapsed' | 'restarted',
    claim: (tx: AuctionTransaction) => Promise<AwardEntity[]>,
    now: number,
  ): Promise<number> {
    const effects = new Effects();
    const expired = await this.repository.inTransaction(async (tx) => {
      const awards = await claim(tx);
      for (const award of awards) {
        award.leaseState = 'expired';
        award.leaseClosedAt = now;
        const reason =
          cause === 'restarted'
            ? restartedReason({ agentId: award.agentId, taskName: award.payload.taskName })
            : leaseExpiredReason({
                agentId: award.agentId,
                taskName: award.payload.taskName,
                leaseExpiresAt: award.leaseExpiresAt,
                now,
              });
        const failed: TaskFailed = {
          envelope: this.auctions.envelope(award.goalId, award.lastLeaseEventId, now),
          taskId: award.taskId,
          attempt: award.attempt,
          agentId: award.agentId,
          capability: award.payload.capability,
          code: cause === 'restarted' ? 'released' : 'lease_expired',
          reason,
          retriable: true,
          usage: null,
        };
        effects.publish({ type: 'TaskFailed', event: failed });
        effects.dispatch.add(award.payload.capability);
        metrics.leaseExpiries.inc({ cause });
        this.logger.info(
          {
            taskId: award.taskId,
            attempt: award.attempt,
            agentId: award.agentId,
            goalId: award.goalId,
            cause,
          },
          'lease expired',
        );
      }
      await tx.saveLeases(awards);
      await this.outbox.stage(tx.manager, effects.events);
      return awards.length;
    });
    await this.auctions.apply(effects, 'log');
    return expired;
  }

  /** Per owned partition, how far progress, results and failures have all been read. */
  private async readThroughOfResults(): Promise<ReadThrough[]> {
    const consumer = this.messaging.serviceConsumer();
    const [progress, completed, failed] = await Promise.all([
      consumer.readThrough('TaskProgress'),
      consumer.readThrough('TaskCompleted'),
      consumer.readThrough('TaskFailed'),
    ]);
    return [...progress].map(([partition, through]) => ({
      partition,
      through: Math.min(through, completed.get(partition) ?? 0, failed.get(partition) ?? 0),
    }));
  }
}
