import { randomUUID } from 'node:crypto';
import {
  bidProblems,
  bidWindowOf,
  decideDispatch,
  decideRounds,
  everyInvitedAnswered,
  planDispatch,
  summarizeInput,
  taskReadyProblems,
  undeclaredCapabilities,
  waitFailure,
  type CapacityView,
  type DispatchDecision,
  type RoundDecision,
  type WaitFailure,
} from '@agora/auction/domain';
import {
  AuctionEntity,
  AuctionRepository,
  AwardEntity,
  type AttemptKey,
  type AuctionEnd,
  type AuctionTransaction,
  type BidEntity,
  type BidRow,
  type ClosedBy,
  type RoundOpening,
  type WaitingUpdate,
} from '@agora/auction/data-access';
import type {
  BidSubmitted,
  CallForProposals,
  Envelope,
  Producer,
  TaskAwarded,
  TaskFailed,
  TaskReady,
  TaskWaiting,
} from '@agora/contracts';
import { FatalError, MessagingClient, RetriableError, type OutgoingEvent } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { Outbox } from '@agora/outbox';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AUCTION_SETTINGS, type AuctionSettings } from './auction-settings';
import { auctionMetrics as metrics } from './auction.metrics';
import { RosterService } from './roster.service';

const tracer = trace.getTracer('@agora/auction');

/**
 * What a transaction decided, applied only after it committed: events to publish, figures to
 * record, times to wake the sweeper at. Nothing is published or counted for a rolled-back one.
 */
export class Effects {
  readonly events: OutgoingEvent[] = [];
  /** Times at which a round may be due: the sweeper closes what is due then. */
  readonly wakeAt: number[] = [];
  /** Backoffs ending: a capability worth a dispatch at that time. */
  readonly dispatchAt: { capability: string; at: number }[] = [];
  readonly allocations: number[] = [];
  readonly closed: {
    closedBy: ClosedBy;
    outcome: 'awarded' | 'waiting';
    seconds: number;
    bids: number;
  }[] = [];
  /** Capabilities that got free slots or waiting tasks: worth a dispatch. */
  readonly dispatch = new Set<string>();
  roundsOpened = 0;
  unallocatable = 0;
  waitExceeded = 0;
  readonly waitsStarted: string[] = [];

  publish(event: OutgoingEvent): void {
    this.events.push(event);
  }
}

/** Called when a due time is set, so the sweeper can run then rather than on its next tick. */
export type WakeUp = (atMs: number) => void;

/** What the sweeper offers the service: timers and dispatches outside any handler. */
export interface SweeperHooks {
  wakeUp: WakeUp;
  requestDispatch: (capabilities: ReadonlySet<string>, atMs?: number) => void;
}

const keyOf = (k: AttemptKey) => `${k.taskId}#${k.attempt}`;
const attemptOf = (k: AttemptKey): AttemptKey => ({ taskId: k.taskId, attempt: k.attempt });

/**
 * The Contract-Net auction, allocation first:
 *
 * - A ready task is recorded as waiting and dispatched at once when its capability has a free
 *   slot; otherwise it waits, visible as TaskWaiting, in order of priority then age.
 * - Dispatch opens at most as many rounds per capability as it has free slots, and each call
 *   invites only the live agents with the capability and a free slot, so messages per task grow
 *   with the agents that can do it, never with the swarm.
 * - A round closes when every invited agent has answered, a quiet period after the first
 *   acceptable bid, or at its deadline, the last two judged against what has been read from the
 *   bids partition, not the wall clock. The best bid from an agent with a free slot wins; with
 *   none, the task waits again and is called again once capacity appears.
 * - Only the goal's deadline or budget (the planner's call), its maxWaitMs, or a capability no
 *   agent ever declared end an attempt without an award.
 *
 * All state is in PostgreSQL, written set-based per batch of events; any replica can carry on any
 * auction, and the replica that owns a task's partition judges its deadlines.
 */
@Injectable()
export class AuctionService {
  private readonly producer: Producer;
  private hooks: SweeperHooks = { wakeUp: () => undefined, requestDispatch: () => undefined };
  /** Capabilities the waiting gauge has shown. */
  private readonly gauged = new Set<string>();

  constructor(
    private readonly repository: AuctionRepository,
    private readonly outbox: Outbox,
    private readonly rosters: RosterService,
    private readonly messaging: MessagingClient,
    @Inject(AUCTION_SETTINGS) private readonly settings: AuctionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.producer = messaging.options.producer;
  }

  /** How the sweeper learns about due times and capabilities worth a dispatch. */
  connect(hooks: SweeperHooks): void {
    this.hooks = hooks;
  }

  // ---------------------------------------------------------------- arrivals

  /** Records ready attempts (a redelivery records nothing) and dispatches what capacity allows. */
  async openAuctions(events: readonly TaskReady[], partitions: readonly number[]): Promise<void> {
    const now = Date.now();
    const rows = new Map<string, AuctionEntity>();
    events.forEach((ready, i) => {
      const problems = taskReadyProblems(ready);
      const goalId = ready.envelope.goalId;
      if (problems.length > 0 || goalId === null) {
        throw new FatalError(`TaskReady for task '${ready.taskId}': ${problems.join('; ')}`);
      }
      rows.set(keyOf(ready), auctionOf(ready, goalId, partitions[i] ?? 0, now));
    });
    const effects = new Effects();
    await this.repository.inTransaction(async (tx) => {
      const inserted = await tx.insertAuctions([...rows.values()]);
      if (inserted.length === 0) return;
      await tx.supersedeLeases(inserted, now);
      const arrivals = inserted.map((k) => rows.get(keyOf(k))).filter((a) => a !== undefined);
      await this.dispatchIn(tx, new Set(arrivals.map((a) => a.capability)), now, effects, arrivals);
      await this.outbox.stage(tx.manager, effects.events);
    });
    await this.apply(effects, 'throw');
  }

  // ---------------------------------------------------------------- bids

  /** Records answers to open rounds and closes the rounds every invited agent has answered. */
  async recordBids(bids: readonly BidSubmitted[]): Promise<void> {
    for (const bid of bids) {
      const problems = bidProblems(bid);
      if (problems.length > 0) {
        throw new FatalError(
          `BidSubmitted from agent '${bid.agentId}' for task '${bid.taskId}': ${problems.join('; ')}`,
        );
      }
    }
    const now = Date.now();
    const effects = new Effects();
    await this.repository.inTransaction(async (tx) => {
      const touched = await tx.insertBids(bids.map(bidRowOf), now);
      if (touched.length === 0 || !this.rosters.ready) return;
      const auctions = (await tx.lockAuctions(touched)).filter((a) => a.phase === 'bidding');
      const answers = await tx.roundAnswers(auctions);
      const complete = auctions.filter((a) =>
        everyInvitedAnswered(a.invited, answers.get(keyOf(a)) ?? []),
      );
      await this.closeRounds(tx, complete, () => 'all_answered', now, effects, answers);
      for (const a of auctions) {
        if (!complete.includes(a) && a.firstBidAt !== null) {
          effects.wakeAt.push(a.firstBidAt + this.settings.bidQuietMs);
        }
      }
      await this.outbox.stage(tx.manager, effects.events);
    });
    // The quiet period may have started with this batch: the first bid time is now known.
    for (const bid of bids) {
      if (bid.decision === 'BID')
        effects.wakeAt.push(bid.envelope.occurredAt + this.settings.bidQuietMs);
    }
    await this.apply(effects, 'throw');
  }

  // ---------------------------------------------------------------- dispatch

  /** Calls for bids for waiting attempts of these capabilities, as far as free slots allow. */
  async dispatch(capabilities: ReadonlySet<string>, now = Date.now()): Promise<number> {
    if (capabilities.size === 0 || !this.rosters.ready) return 0;
    const effects = new Effects();
    await this.repository.inTransaction(async (tx) => {
      await this.dispatchIn(tx, capabilities, now, effects, []);
      await this.outbox.stage(tx.manager, effects.events);
    });
    await this.apply(effects, 'log');
    return effects.roundsOpened;
  }

  /**
   * The heart of allocation, inside the caller's transaction: planDispatch says how many waiting
   * attempts to claim per capability (its free slots, of live agents, minus the rounds already
   * open for it), and decideDispatch which of them to call, inviting whom. Arrivals that stay
   * waiting are announced with TaskWaiting and the reason.
   */
  async dispatchIn(
    tx: AuctionTransaction,
    capabilities: ReadonlySet<string>,
    now: number,
    effects: Effects,
    arrivals: readonly AuctionEntity[],
  ): Promise<void> {
    if (!this.rosters.ready) return;
    const [leases, openRounds] = await Promise.all([
      tx.activeLeases(),
      tx.openRoundsByCapability(),
    ]);
    const state = { roster: this.rosters.roster, leases, now };
    const rosterSettled = this.rosters.settled(now);
    const plans = planDispatch({ ...state, capabilities, openRounds, rosterSettled });
    const claimed = new Map<string, AuctionEntity[]>();
    for (const plan of plans) {
      if (plan.kind !== 'claim') continue;
      claimed.set(plan.capability, await tx.claimWaiting(plan.capability, now, plan.budget));
    }
    const { maxInvitees, roundBackoffMs } = this.settings;
    const decisions = decideDispatch({
      ...state,
      plans,
      claimed,
      arrivals,
      maxInvitees,
      roundBackoffMs,
    });
    const openings: RoundOpening[] = [];
    const waits: WaitingUpdate[] = [];
    const ends: AuctionEnd[] = [];
    for (const decision of decisions) {
      switch (decision.kind) {
        case 'call':
          openings.push(this.openRound(decision.auction, decision.invitees, now, effects));
          break;
        case 'wait':
          waits.push(this.keepWaiting(decision, now, effects));
          break;
        case 'fail':
          ends.push(this.fail(decision.auction, decision, now, effects));
          break;
      }
    }
    await tx.openRounds(openings);
    await tx.setWaiting(waits);
    await tx.endAuctions(ends);
  }

  private openRound(
    auction: AuctionEntity,
    invitees: string[],
    now: number,
    effects: Effects,
  ): RoundOpening {
    const envelope = this.envelope(
      auction.goalId,
      auction.lastCfpEventId ?? auction.readyEventId,
      now,
    );
    const round = auction.round + 1;
    const dueAt = now + bidWindowOf(round, this.settings.bidWindowMs);
    const call: CallForProposals = {
      envelope,
      taskId: auction.taskId,
      attempt: auction.attempt,
      round,
      capability: auction.capability,
      taskName: auction.taskName,
      inputSummary: summarizeInput(auction.input),
      bidDeadline: dueAt,
      excludedAgents: auction.excludedAgents,
      invitedAgents: invitees,
    };
    effects.publish({ type: 'CallForProposals', event: call });
    effects.roundsOpened += 1;
    effects.wakeAt.push(dueAt + this.settings.bidGraceMs);
    return {
      taskId: auction.taskId,
      attempt: auction.attempt,
      round,
      invited: invitees,
      openedAt: now,
      dueAt,
      cfpEventId: envelope.eventId,
    };
  }

  /** Keeps an attempt waiting; announces it when the wait starts or its reason changes. */
  private keepWaiting(
    decision: Extract<DispatchDecision<AuctionEntity>, { kind: 'wait' }>,
    now: number,
    effects: Effects,
  ): WaitingUpdate {
    const { auction, reason } = decision;
    if (decision.announce) {
      effects.publish({
        type: 'TaskWaiting',
        event: this.waitingEvent(auction, reason, decision.view, now),
      });
      effects.waitsStarted.push(auction.capability);
    }
    return {
      ...attemptOf(auction),
      reason,
      notBefore: decision.notBefore,
      closedBy: auction.closedBy,
      closedAt: auction.closedAt,
    };
  }

  /** Ends an attempt without an award: TaskFailed, not retriable, and the reason in the log. */
  private fail(
    auction: AuctionEntity,
    failure: WaitFailure,
    now: number,
    effects: Effects,
  ): AuctionEnd {
    const { code, reason } = failure;
    effects.publish({ type: 'TaskFailed', event: this.failure(auction, code, reason, false, now) });
    const fields = {
      taskId: auction.taskId,
      attempt: auction.attempt,
      goalId: auction.goalId,
      reason,
    };
    switch (code) {
      case 'unallocatable':
        effects.unallocatable += 1;
        this.logger.warn(fields, 'task unallocatable');
        break;
      case 'wait_exceeded':
        effects.waitExceeded += 1;
        this.logger.warn(fields, 'task waited too long');
        break;
    }
    return { ...attemptOf(auction), phase: 'failed', closedAt: now, closedBy: null, reason };
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the rounds as decideRounds says: the best bidder that still has a free slot wins (slots
   * taken by awards earlier in this same call count), highest-priority tasks first; a round
   * without such a bid sends its task back to waiting, with a backoff before the next call unless
   * capacity changes first.
   */
  private async closeRounds(
    tx: AuctionTransaction,
    auctions: readonly AuctionEntity[],
    closedByOf: (a: AuctionEntity) => ClosedBy,
    now: number,
    effects: Effects,
    knownAnswers?: Map<string, BidEntity[]>,
  ): Promise<void> {
    if (auctions.length === 0) return;
    const answers = knownAnswers ?? (await tx.roundAnswers(auctions));
    const decisions = decideRounds({
      rounds: auctions.map((auction) => ({ auction, answers: answers.get(keyOf(auction)) ?? [] })),
      roster: this.rosters.roster,
      leases: await tx.activeLeases(),
      now,
      weights: this.settings.weights,
      roundBackoffMs: this.settings.roundBackoffMs,
    });
    const awards: AwardEntity[] = [];
    const ends: AuctionEnd[] = [];
    const waits: WaitingUpdate[] = [];
    for (const decision of decisions) {
      const { auction, ranked } = decision;
      const closedBy = closedByOf(auction);
      const span = this.roundSpan(auction, closedBy);
      try {
        effects.closed.push({
          closedBy,
          outcome: decision.kind === 'award' ? 'awarded' : 'waiting',
          seconds: Math.max(0, now - auction.roundOpenedAt) / 1000,
          bids: ranked.length,
        });
        span.setAttribute('agora.auction.bids', ranked.length);
        switch (decision.kind) {
          case 'award': {
            const { agentId, score, bid } = decision;
            awards.push(this.award(auction, agentId, score, ranked, bid, closedBy, now, effects));
            ends.push({
              ...attemptOf(auction),
              phase: 'awarded',
              closedAt: now,
              closedBy,
              reason: null,
            });
            span.setAttributes({ 'agora.auction.outcome': 'awarded', 'agora.agent.id': agentId });
            break;
          }
          case 'wait':
            waits.push(this.requeue(decision, closedBy, now, effects));
            span.setAttribute('agora.auction.outcome', 'waiting');
            break;
        }
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end(now);
      }
    }
    const inserted = new Set((await tx.insertAwards(awards)).map(keyOf));
    // The unique constraint decides: an award another replica already made is not announced.
    for (let i = effects.events.length - 1; i >= 0; i--) {
      const e = effects.events[i];
      if (e?.type === 'TaskAwarded' && !inserted.has(keyOf(e.event))) effects.events.splice(i, 1);
    }
    for (const award of awards.filter((a) => inserted.has(keyOf(a)))) {
      const auction = auctions.find((a) => keyOf(a) === keyOf(award));
      if (auction) effects.allocations.push(Math.max(0, award.awardedAt - auction.readyAt) / 1000);
    }
    await tx.endAuctions(ends.filter((e) => inserted.has(keyOf(e))));
    await tx.setWaiting(waits);
  }

  /** The span of one round, from its opening to the decision that closes it. */
  private roundSpan(auction: AuctionEntity, closedBy: ClosedBy): Span {
    return tracer.startSpan('auction.round', {
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
  }

  /** Sends the task of a round closed without an award back to waiting, announced. */
  private requeue(
    decision: Extract<RoundDecision<AuctionEntity, BidEntity>, { kind: 'wait' }>,
    closedBy: ClosedBy,
    now: number,
    effects: Effects,
  ): WaitingUpdate {
    const { auction, reason, notBefore } = decision;
    effects.publish({
      type: 'TaskWaiting',
      event: this.waitingEvent(auction, reason, decision.view, now),
    });
    effects.waitsStarted.push(auction.capability);
    effects.dispatchAt.push({ capability: auction.capability, at: notBefore });
    this.logger.info(
      { taskId: auction.taskId, attempt: auction.attempt, goalId: auction.goalId, reason },
      'round closed without an award; task waits',
    );
    return { ...attemptOf(auction), reason, notBefore, closedBy, closedAt: now };
  }

  private award(
    auction: AuctionEntity,
    agentId: string,
    score: number,
    ranked: readonly { agentId: string; score: number }[],
    bid: BidEntity | undefined,
    closedBy: ClosedBy,
    now: number,
    effects: Effects,
  ): AwardEntity {
    const payload: TaskAwarded = {
      envelope: this.envelope(auction.goalId, bid?.eventId ?? auction.lastCfpEventId, now),
      taskId: auction.taskId,
      attempt: auction.attempt,
      round: auction.round,
      taskName: auction.taskName,
      capability: auction.capability,
      agentId,
      leaseExpiresAt: now + this.settings.leaseMs,
      score,
      bidders: ranked.map((r) => r.agentId).sort(),
      scores: ranked.map((r) => ({ agentId: r.agentId, score: r.score })),
      input: auction.input,
      feedback: auction.feedback,
      incarnation: bid?.incarnation ?? '',
    };
    effects.publish({ type: 'TaskAwarded', event: payload });
    this.logger.info(
      {
        taskId: auction.taskId,
        attempt: auction.attempt,
        round: auction.round,
        goalId: auction.goalId,
        agentId,
        score,
        bids: ranked.length,
        closedBy,
      },
      'task awarded',
    );
    return Object.assign(new AwardEntity(), {
      taskId: auction.taskId,
      attempt: auction.attempt,
      eventId: payload.envelope.eventId,
      goalId: auction.goalId,
      agentId,
      incarnation: payload.incarnation,
      partition: auction.partition,
      round: auction.round,
      score,
      closedBy,
      awardedAt: now,
      leaseExpiresAt: payload.leaseExpiresAt,
      leaseState: 'active',
      leaseClosedAt: null,
      lastLeaseEventId: payload.envelope.eventId,
      payload,
    } satisfies AwardEntity);
  }

  // ---------------------------------------------------------------- sweeps

  /**
   * Closes the open rounds of this replica's partitions whose deadline or quiet period passed,
   * but only as far as their answers have been read: a round of a partition this replica is
   * behind on stays open until the answers sent in time are in.
   */
  async closeDueRounds(now = Date.now()): Promise<number> {
    const consumer = this.messaging.serviceConsumer();
    const owned = consumer.ownedPartitions('BidSubmitted');
    if (!this.rosters.ready || owned.length === 0) return 0;
    const { bidGraceMs: grace, bidQuietMs: quiet, sweepBatchSize } = this.settings;
    const due = await this.repository.inTransaction((tx) =>
      tx.anyRoundDue(owned, now, grace, quiet),
    );
    if (!due) return 0;
    const readThrough = [...(await consumer.readThrough('BidSubmitted'))]
      .filter(([, through]) => through > 0)
      .map(([partition, through]) => ({ partition, through }));
    const effects = new Effects();
    const closed = await this.repository.inTransaction(async (tx) => {
      const rounds = await tx.claimDueRounds(readThrough, grace, quiet, sweepBatchSize);
      const reasons = new Map(rounds.map((r) => [keyOf(r), r.closeReason]));
      await this.closeRounds(tx, rounds, (a) => reasons.get(keyOf(a)) ?? 'deadline', now, effects);
      await this.outbox.stage(tx.manager, effects.events);
      return rounds.length;
    });
    await this.apply(effects, 'log');
    return closed;
  }

  /** Calls for bids for every capability with attempts that may be called now. */
  async dispatchWaiting(now = Date.now()): Promise<number> {
    if (!this.rosters.ready) return 0;
    const waiting = await this.repository.waitingByCapability(now);
    // A capability whose queue emptied reads 0, not its last count.
    for (const capability of this.gauged) {
      if (!waiting.has(capability)) metrics.waiting.set({ capability }, 0);
    }
    for (const [capability, counts] of waiting) {
      metrics.waiting.set({ capability }, counts.all);
      this.gauged.add(capability);
    }
    const due = new Set(
      [...waiting].filter(([, c]) => c.due > 0).map(([capability]) => capability),
    );
    return this.dispatch(due, now);
  }

  /**
   * Fails waiting attempts that waited longer than their goal's maxWaitMs, and, once the roster
   * has settled, those whose capability no agent ever declared (waitFailure decides which).
   */
  async failHopelessWaits(now = Date.now()): Promise<number> {
    if (!this.rosters.ready) return 0;
    const effects = new Effects();
    const context = { now, roster: this.rosters.roster, rosterSettled: this.rosters.settled(now) };
    const waiting = context.rosterSettled
      ? await this.repository.waitingByCapability(now)
      : new Map<string, unknown>();
    const undeclared = undeclaredCapabilities(waiting.keys(), context);
    const failed = await this.repository.inTransaction(async (tx) => {
      const { sweepBatchSize } = this.settings;
      const candidates = new Map<string, AuctionEntity>();
      // Both claims may return the same attempt: it fails once.
      for (const auction of [
        ...(await tx.claimOverdueWaits(now, sweepBatchSize)),
        ...(await tx.claimWaitingFor(undeclared, sweepBatchSize)),
      ]) {
        if (!candidates.has(keyOf(auction))) candidates.set(keyOf(auction), auction);
      }
      const ends: AuctionEnd[] = [];
      for (const auction of candidates.values()) {
        const failure = waitFailure(auction, context);
        if (failure) ends.push(this.fail(auction, failure, now, effects));
      }
      await tx.endAuctions(ends);
      await this.outbox.stage(tx.manager, effects.events);
      return ends.length;
    });
    await this.apply(effects, 'log');
    return failed;
  }

  // ---------------------------------------------------------------- shared

  /**
   * After commit: record the figures, wake the sweeper, ask for dispatches, publish. A failed
   * publish leaves the events in the outbox for its relay; a handler then throws so its message
   * comes back, a sweep only logs.
   */
  async apply(effects: Effects, onPublishError: 'throw' | 'log'): Promise<void> {
    metrics.rounds.inc(effects.roundsOpened);
    metrics.unallocatable.inc(effects.unallocatable);
    metrics.waitExceeded.inc(effects.waitExceeded);
    for (const capability of effects.waitsStarted) metrics.waitsStarted.inc({ capability });
    for (const round of effects.closed) {
      metrics.bids.observe(round.bids);
      metrics.roundsClosed.inc({ closed_by: round.closedBy, outcome: round.outcome });
      metrics.roundSeconds.observe({ closed_by: round.closedBy }, round.seconds);
      if (round.closedBy !== 'deadline') metrics.earlyCloses.inc();
    }
    for (const seconds of effects.allocations) metrics.allocationSeconds.observe(seconds);
    for (const at of new Set(effects.wakeAt)) this.hooks.wakeUp(at);
    if (effects.dispatch.size > 0) this.hooks.requestDispatch(effects.dispatch);
    for (const { capability, at } of effects.dispatchAt) {
      this.hooks.requestDispatch(new Set([capability]), at);
    }
    try {
      await this.outbox.publish(effects.events);
    } catch (error) {
      if (onPublishError === 'throw') {
        throw new RetriableError('could not publish auction events; the outbox keeps them', {
          cause: error,
        });
      }
      this.logger.warn({ err: error }, 'could not publish auction events; the outbox keeps them');
    }
  }

  failure(
    auction: Pick<
      AuctionEntity,
      'goalId' | 'taskId' | 'attempt' | 'capability' | 'lastCfpEventId' | 'readyEventId'
    >,
    code: 'unallocatable' | 'wait_exceeded',
    reason: string,
    retriable: boolean,
    now: number,
  ): TaskFailed {
    return {
      envelope: this.envelope(auction.goalId, auction.lastCfpEventId ?? auction.readyEventId, now),
      taskId: auction.taskId,
      attempt: auction.attempt,
      agentId: null,
      capability: auction.capability,
      code,
      reason,
      retriable,
      usage: null,
    };
  }

  private waitingEvent(
    auction: AuctionEntity,
    reason: string,
    view: CapacityView,
    now: number,
  ): TaskWaiting {
    return {
      envelope: this.envelope(auction.goalId, auction.lastCfpEventId ?? auction.readyEventId, now),
      taskId: auction.taskId,
      attempt: auction.attempt,
      capability: auction.capability,
      reason,
      waitingSince: auction.readyAt,
      capableAgents: view.declared,
      liveAgents: view.live,
      freeSlots: view.free,
    };
  }

  envelope(goalId: string, causationId: string | null, now: number): Envelope {
    return {
      eventId: randomUUID(),
      occurredAt: now,
      goalId,
      causationId,
      producer: { service: this.producer.service, version: this.producer.version },
    };
  }
}

function auctionOf(
  ready: TaskReady,
  goalId: string,
  partition: number,
  now: number,
): AuctionEntity {
  return Object.assign(new AuctionEntity(), {
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
    partition,
    priority: ready.priority,
    deadlineAt: ready.deadlineAt,
    maxWaitMs: ready.maxWaitMs,
    round: 0,
    phase: 'waiting',
    roundOpenedAt: now,
    dueAt: now,
    invited: [],
    firstBidAt: null,
    lastCfpEventId: null,
    closedAt: null,
    closedBy: null,
    waitingReason: null,
    notBefore: 0,
  } satisfies AuctionEntity);
}

function bidRowOf(bid: BidSubmitted): BidRow {
  return {
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
    sentAt: bid.envelope.occurredAt,
    incarnation: bid.incarnation,
  };
}
