import { randomUUID } from 'node:crypto';
import {
  backoffDelayMs,
  bidProblems,
  eligibleAgents,
  everyoneAnswered,
  leaseExpiredReason,
  rankBids,
  summarizeInput,
  taskReadyProblems,
  unallocatableReason,
} from '@agora/auction/domain';
import {
  AuctionEntity,
  AuctionRepository,
  AwardEntity,
  BidEntity,
  OutboxEventEntity,
  type AuctionTransaction,
  type ClosedBy,
} from '@agora/auction/data-access';
import type {
  BidSubmitted,
  CallForProposals,
  Envelope,
  Producer,
  TaskAwarded,
  TaskFailed,
  TaskReady,
} from '@agora/contracts';
import { EventPublisher, FatalError, MessagingClient, RetriableError } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { auctionMetrics as metrics } from './auction.metrics';
import { AUCTION_SETTINGS, type AuctionSettings } from './auction-settings';

const tracer = trace.getTracer('@agora/auction');

/**
 * What a transaction decided, applied only after it committed: events to publish and figures
 * to record. Nothing is published or counted for a transaction that rolled back.
 */
class Effects {
  readonly awards: { award: AwardEntity; readyAt: number }[] = [];
  readonly outbox: OutboxEventEntity[] = [];
  /** Due times of rounds and backoffs opened, to wake the sweeper on time. */
  readonly wakeAt: number[] = [];
  readonly roundsClosed: { bids: number; earlyClose: boolean }[] = [];
  roundsOpened = 0;
  unallocatable = 0;
  leaseExpiries = 0;
}

/** Called when a due time is set, so the sweeper can run then rather than on its next tick. */
export type WakeUp = (atMs: number) => void;

/**
 * The Contract-Net auction: opens rounds, records bids, closes rounds (early when every live
 * agent answered, else at the deadline), awards under a lease, re-announces with backoff, and
 * gives up as unallocatable. All state is in PostgreSQL; any replica can carry on any auction.
 */
@Injectable()
export class AuctionService {
  private readonly producer: Producer;
  private wakeUp: WakeUp = () => undefined;

  constructor(
    private readonly repository: AuctionRepository,
    private readonly publisher: EventPublisher,
    messaging: MessagingClient,
    @Inject(AUCTION_SETTINGS) private readonly settings: AuctionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.producer = messaging.options.producer;
  }

  onWakeUp(wakeUp: WakeUp): void {
    this.wakeUp = wakeUp;
  }

  /** Records the auction once and announces round 1; a redelivery re-publishes what is pending. */
  async openAuction(ready: TaskReady): Promise<void> {
    const problems = taskReadyProblems(ready);
    const goalId = ready.envelope.goalId;
    if (problems.length > 0 || goalId === null) {
      throw new FatalError(`TaskReady for task '${ready.taskId}': ${problems.join('; ')}`);
    }
    const now = Date.now();
    const effects = new Effects();
    const opened = await this.repository.inTransaction(async (tx) => {
      const auction = Object.assign(new AuctionEntity(), {
        taskId: ready.taskId,
        attempt: ready.attempt,
        goalId,
        taskName: ready.name,
        capability: ready.capability,
        input: ready.input,
        feedback: ready.feedback,
        excludedAgents: ready.excludedAgents,
        readyEventId: ready.envelope.eventId,
        readyAt: now,
        round: 0,
        phase: 'bidding',
        roundOpenedAt: now,
        dueAt: now,
        lastCfpEventId: null,
        closedAt: null,
        closedBy: null,
      } satisfies AuctionEntity);
      // The row is written with its first round already open, so the insert is the only write
      // a redelivery can race with.
      const cfp = this.prepareRound(auction, now, ready.envelope.eventId);
      if (!(await tx.insertAuction(auction))) return false;
      await tx.supersedeLeases(ready.taskId, ready.attempt, now);
      await this.enqueue(tx, effects, cfp);
      effects.roundsOpened += 1;
      effects.wakeAt.push(auction.dueAt + this.settings.bidGraceMs);
      return true;
    });
    if (opened) {
      this.logger.debug(
        { taskId: ready.taskId, attempt: ready.attempt, goalId: ready.envelope.goalId },
        'auction opened',
      );
      await this.apply(effects, 'throw');
    } else {
      await this.republishPending(ready.taskId);
    }
  }

  /** Records an answer once, and closes the round at once when every live agent has answered. */
  async recordBid(bid: BidSubmitted): Promise<void> {
    const problems = bidProblems(bid);
    if (problems.length > 0) {
      throw new FatalError(
        `BidSubmitted from agent '${bid.agentId}' for task '${bid.taskId}': ${problems.join('; ')}`,
      );
    }
    const now = Date.now();
    const effects = new Effects();
    const outcome = await this.repository.inTransaction(async (tx) => {
      const auction = await tx.lockAuction(bid.taskId, bid.attempt);
      if (!auction) return 'unknown auction';
      if (auction.phase !== 'bidding' || auction.round !== bid.round) return 'not the open round';
      // Judged by when the agent sent it: a bid in transit at the deadline still counts while the
      // round is open (it stays open BID_GRACE_MS longer for that).
      if (bid.envelope.occurredAt > auction.dueAt) return 'after the deadline';
      await tx.insertBid(
        Object.assign(new BidEntity(), {
          taskId: bid.taskId,
          attempt: bid.attempt,
          round: bid.round,
          agentId: bid.agentId,
          eventId: bid.envelope.eventId,
          decision: bid.decision,
          cost: bid.cost,
          estimatedDurationMs: bid.estimatedDurationMs,
          confidence: bid.confidence,
          load: bid.load,
          receivedAt: now,
        } satisfies BidEntity),
      );
      const answers = await tx.roundBids(bid.taskId, bid.attempt, bid.round);
      const excluded = new Set(auction.excludedAgents);
      const answered = new Set(answers.map((b) => b.agentId).filter((id) => !excluded.has(id)));
      const roster = await tx.agentsWithCapability(auction.capability);
      const eligible = eligibleAgents(
        roster.map((a) => ({ ...a, lastSeenAt: a.lastSeen })),
        auction.capability,
        auction.excludedAgents,
        now,
      );
      if (!everyoneAnswered(eligible, answered)) return 'recorded';
      await this.closeRound(tx, effects, auction, 'all_answered', now, answers);
      return 'closed early';
    });
    if (outcome !== 'recorded' && outcome !== 'closed early') {
      this.logger.debug(
        {
          taskId: bid.taskId,
          attempt: bid.attempt,
          round: bid.round,
          agentId: bid.agentId,
          outcome,
        },
        'bid ignored',
      );
      // A redelivered bid whose round closed may find the award still unpublished.
      await this.republishPending(bid.taskId);
      return;
    }
    await this.apply(effects, 'throw');
  }

  /** Closes the rounds whose deadline passed and opens the rounds whose backoff ended. */
  async sweepDueAuctions(now = Date.now()): Promise<number> {
    const effects = new Effects();
    const claimed = await this.repository.inTransaction(async (tx) => {
      const due = await tx.claimDueAuctions(
        now,
        this.settings.bidGraceMs,
        this.settings.sweepBatchSize,
      );
      for (const auction of due) {
        if (auction.phase === 'backoff') {
          const cfp = this.prepareRound(auction, now, auction.lastCfpEventId);
          await tx.saveAuction(auction);
          await this.enqueue(tx, effects, cfp);
          effects.roundsOpened += 1;
          effects.wakeAt.push(auction.dueAt + this.settings.bidGraceMs);
        } else {
          await this.closeRound(tx, effects, auction, 'deadline', now);
        }
      }
      return due.length;
    });
    await this.apply(effects, 'log');
    return claimed;
  }

  /** Fails the attempts whose lease lapsed; the planner decides whether to try again. */
  async sweepExpiredLeases(now = Date.now()): Promise<number> {
    const effects = new Effects();
    const expired = await this.repository.inTransaction(async (tx) => {
      const lapsed = await tx.claimExpiredLeases(now, this.settings.sweepBatchSize);
      for (const award of lapsed) {
        award.leaseState = 'expired';
        award.leaseClosedAt = now;
        await tx.saveLease(award);
        const failed: TaskFailed = {
          envelope: this.envelope(award.goalId, award.lastLeaseEventId, now),
          taskId: award.taskId,
          attempt: award.attempt,
          agentId: award.agentId,
          capability: award.payload.capability,
          code: 'lease_expired',
          reason: leaseExpiredReason({
            agentId: award.agentId,
            taskName: award.payload.taskName,
            leaseExpiresAt: award.leaseExpiresAt,
            now,
          }),
          retriable: true,
          usage: null,
        };
        await this.enqueue(tx, effects, { type: 'TaskFailed', event: failed });
        effects.leaseExpiries += 1;
        this.logger.info(
          {
            taskId: award.taskId,
            attempt: award.attempt,
            agentId: award.agentId,
            goalId: award.goalId,
          },
          'lease expired',
        );
      }
      return lapsed.length;
    });
    await this.apply(effects, 'log');
    return expired;
  }

  /**
   * Publishes events committed but not marked published for a while: the process that wrote them
   * died, or its publish failed. Rows stay locked while they are published, so one replica
   * publishes each; the eventId is the one written first, so consumers can deduplicate.
   */
  async republishOverdue(now = Date.now()): Promise<number> {
    const before = now - this.settings.republishAfterMs;
    return this.repository.inTransaction(async (tx) => {
      const awards = await tx.claimUnpublishedAwards(before, this.settings.sweepBatchSize);
      const outbox = await tx.claimUnpublishedOutbox(before, this.settings.sweepBatchSize);
      if (awards.length + outbox.length === 0) return 0;
      await this.publisher.publishMany([
        ...awards.map((a) => ({ type: 'TaskAwarded' as const, event: a.payload })),
        ...outbox.map(toOutgoing),
      ]);
      for (const a of awards) await tx.markAwardPublished(a.eventId, now);
      for (const o of outbox) await tx.markOutboxPublished(o.eventId, now);
      this.logger.warn(
        { awards: awards.length, events: outbox.length },
        'published overdue events',
      );
      return awards.length + outbox.length;
    });
  }

  /** Publishes a task's written but unpublished events now (on a redelivered message). */
  private async republishPending(taskId: string): Promise<void> {
    const { awards, outbox } = await this.repository.unpublishedOf(taskId);
    if (awards.length + outbox.length === 0) return;
    try {
      await this.publisher.publishMany([
        ...awards.map((a) => ({ type: 'TaskAwarded' as const, event: a.payload })),
        ...outbox.map(toOutgoing),
      ]);
    } catch (error) {
      throw new RetriableError(`could not publish pending events of task '${taskId}'`, {
        cause: error,
      });
    }
    const at = Date.now();
    for (const a of awards) await this.repository.markAwardPublished(a.eventId, at);
    for (const o of outbox) await this.repository.markOutboxPublished(o.eventId, at);
  }

  /** Moves the auction to its next round (1 on a new auction) and builds that round's call. */
  private prepareRound(
    auction: AuctionEntity,
    now: number,
    causationId: string | null,
  ): { type: 'CallForProposals'; event: CallForProposals } {
    const envelope = this.envelope(auction.goalId, causationId, now);
    auction.round += 1;
    auction.phase = 'bidding';
    auction.roundOpenedAt = now;
    auction.dueAt = now + this.settings.bidWindowMs;
    auction.lastCfpEventId = envelope.eventId;
    return {
      type: 'CallForProposals',
      event: {
        envelope,
        taskId: auction.taskId,
        attempt: auction.attempt,
        round: auction.round,
        capability: auction.capability,
        taskName: auction.taskName,
        inputSummary: summarizeInput(auction.input),
        bidDeadline: auction.dueAt,
        excludedAgents: auction.excludedAgents,
        invitedAgents: [],
      },
    };
  }

  /** Scores the round's bids and awards the best, or backs off, or gives up. */
  private async closeRound(
    tx: AuctionTransaction,
    effects: Effects,
    auction: AuctionEntity,
    closedBy: ClosedBy,
    now: number,
    answers?: BidEntity[],
  ): Promise<void> {
    const span = tracer.startSpan('auction.round', {
      startTime: auction.roundOpenedAt,
      attributes: {
        'agora.task.id': auction.taskId,
        'agora.goal.id': auction.goalId,
        'agora.task.attempt': auction.attempt,
        'agora.auction.round': auction.round,
        'agora.auction.capability': auction.capability,
        'agora.auction.closed_by': closedBy,
      },
    });
    try {
      const bids = answers ?? (await tx.roundBids(auction.taskId, auction.attempt, auction.round));
      const counted = bids.filter(
        (b) => b.decision === 'BID' && !auction.excludedAgents.includes(b.agentId),
      );
      const reputations = await tx.reputations(
        auction.capability,
        counted.map((b) => b.agentId),
      );
      const ranked = rankBids({
        bids,
        weights: this.settings.weights,
        excludedAgents: auction.excludedAgents,
        reputationOf: (agentId) => reputations.get(agentId),
      });
      effects.roundsClosed.push({ bids: ranked.length, earlyClose: closedBy === 'all_answered' });
      span.setAttribute('agora.auction.bids', ranked.length);
      const winner = ranked[0];
      auction.closedAt = now;
      auction.closedBy = closedBy;
      if (winner) {
        const winningBid = bids.find((b) => b.agentId === winner.agentId);
        const payload: TaskAwarded = {
          envelope: this.envelope(auction.goalId, winningBid?.eventId ?? null, now),
          taskId: auction.taskId,
          attempt: auction.attempt,
          round: auction.round,
          taskName: auction.taskName,
          capability: auction.capability,
          agentId: winner.agentId,
          leaseExpiresAt: now + this.settings.leaseMs,
          score: winner.score,
          bidders: ranked.map((r) => r.agentId).sort(),
          input: auction.input,
          feedback: auction.feedback,
          incarnation: '',
        };
        const award = Object.assign(new AwardEntity(), {
          taskId: auction.taskId,
          attempt: auction.attempt,
          eventId: payload.envelope.eventId,
          goalId: auction.goalId,
          agentId: winner.agentId,
          round: auction.round,
          score: winner.score,
          closedBy,
          awardedAt: now,
          leaseExpiresAt: payload.leaseExpiresAt,
          leaseState: 'active',
          leaseClosedAt: null,
          lastLeaseEventId: payload.envelope.eventId,
          payload,
          publishedAt: null,
        } satisfies AwardEntity);
        auction.phase = 'awarded';
        await tx.saveAuction(auction);
        if (await tx.insertAward(award)) {
          effects.awards.push({ award, readyAt: auction.readyAt });
          effects.wakeAt.push(award.leaseExpiresAt + 1);
        }
        span.setAttributes({
          'agora.auction.outcome': 'awarded',
          'agora.agent.id': winner.agentId,
        });
        this.logger.info(
          {
            taskId: auction.taskId,
            attempt: auction.attempt,
            round: auction.round,
            goalId: auction.goalId,
            agentId: winner.agentId,
            score: winner.score,
            bids: ranked.length,
            closedBy,
          },
          'task awarded',
        );
      } else if (auction.round < this.settings.maxRounds) {
        auction.phase = 'backoff';
        auction.closedAt = null;
        auction.closedBy = null;
        auction.dueAt = now + backoffDelayMs(auction.round, this.settings.roundBackoffMs);
        await tx.saveAuction(auction);
        effects.wakeAt.push(auction.dueAt);
        span.setAttribute('agora.auction.outcome', 'no_bids');
      } else {
        const roster = await tx.agentsWithCapability(auction.capability);
        const live = eligibleAgents(
          roster.map((a) => ({ ...a, lastSeenAt: a.lastSeen })),
          auction.capability,
          [],
          now,
        );
        const failed: TaskFailed = {
          envelope: this.envelope(auction.goalId, auction.lastCfpEventId, now),
          taskId: auction.taskId,
          attempt: auction.attempt,
          agentId: null,
          capability: auction.capability,
          code: 'unallocatable',
          reason: unallocatableReason({
            capability: auction.capability,
            rounds: auction.round,
            liveAgents: live.filter((id) => !auction.excludedAgents.includes(id)).length,
            excludedAgents: auction.excludedAgents.length,
          }),
          retriable: false,
          usage: null,
        };
        auction.phase = 'unallocatable';
        await tx.saveAuction(auction);
        await this.enqueue(tx, effects, { type: 'TaskFailed', event: failed });
        effects.unallocatable += 1;
        span.setAttribute('agora.auction.outcome', 'unallocatable');
        this.logger.warn(
          {
            taskId: auction.taskId,
            attempt: auction.attempt,
            goalId: auction.goalId,
            reason: failed.reason,
          },
          'task unallocatable',
        );
      }
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end(now);
    }
  }

  private async enqueue(
    tx: AuctionTransaction,
    effects: Effects,
    item:
      | { type: 'CallForProposals'; event: CallForProposals }
      | { type: 'TaskFailed'; event: TaskFailed },
  ): Promise<void> {
    const row = Object.assign(new OutboxEventEntity(), {
      eventId: item.event.envelope.eventId,
      eventType: item.type,
      taskId: item.event.taskId,
      payload: item.event,
      createdAt: item.event.envelope.occurredAt,
      publishedAt: null,
    } satisfies OutboxEventEntity);
    await tx.addToOutbox(row);
    effects.outbox.push(row);
  }

  /**
   * After commit: record the figures, wake the sweeper, publish. A failed publish leaves the rows
   * unpublished; a handler throws so its message comes back, the sweeper logs and retries later.
   */
  private async apply(effects: Effects, onPublishError: 'throw' | 'log'): Promise<void> {
    metrics.rounds.inc(effects.roundsOpened);
    metrics.unallocatable.inc(effects.unallocatable);
    metrics.leaseExpiries.inc(effects.leaseExpiries);
    for (const round of effects.roundsClosed) {
      metrics.bids.observe(round.bids);
      if (round.earlyClose) metrics.earlyCloses.inc();
    }
    for (const { award, readyAt } of effects.awards) {
      metrics.allocationSeconds.observe(Math.max(0, award.awardedAt - readyAt) / 1000);
    }
    for (const at of effects.wakeAt) this.wakeUp(at);
    if (effects.awards.length + effects.outbox.length === 0) return;
    try {
      await this.publisher.publishMany([
        ...effects.awards.map(({ award }) => ({
          type: 'TaskAwarded' as const,
          event: award.payload,
        })),
        ...effects.outbox.map(toOutgoing),
      ]);
    } catch (error) {
      if (onPublishError === 'throw') {
        throw new RetriableError('could not publish auction events; they stay pending', {
          cause: error,
        });
      }
      this.logger.warn({ err: error }, 'could not publish auction events; they stay pending');
      return;
    }
    const at = Date.now();
    for (const { award } of effects.awards)
      await this.repository.markAwardPublished(award.eventId, at);
    for (const row of effects.outbox) await this.repository.markOutboxPublished(row.eventId, at);
  }

  private envelope(goalId: string, causationId: string | null, now: number): Envelope {
    return {
      eventId: randomUUID(),
      occurredAt: now,
      goalId,
      causationId,
      producer: { service: this.producer.service, version: this.producer.version },
    };
  }
}

function toOutgoing(row: OutboxEventEntity) {
  return row.eventType === 'CallForProposals'
    ? { type: 'CallForProposals' as const, event: row.payload as CallForProposals }
    : { type: 'TaskFailed' as const, event: row.payload as TaskFailed };
}
