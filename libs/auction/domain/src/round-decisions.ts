import { capacityOf, noAwardReason, roomOf, type CapacityView } from './allocation';
import { isLive, type Roster } from './roster';
import { backoffDelayMs } from './rounds';
import { rankBids, type BidView, type ScoredBid, type ScoringWeights } from './scoring';

/**
 * Closing rounds: who wins each one, or why its task waits again. The caller loads the rounds, their
 * answers, the roster and the active leases in one transaction and applies the decisions in the
 * order returned; nothing here reads a clock or a database.
 *
 * Determinism: the same input gives the same decisions on every replica. Rounds are decided
 * highest priority first, then oldest (`readyAt`); rounds equal in both keep the order they were
 * given (the sort is stable, and callers pass them in lock or due order). Within a round the bids
 * are ranked by {@link rankBids}, ties going to the lower agentId (`compareScored`).
 */

/** What closing a round needs to know about its auction. */
export interface RoundToClose {
  capability: string;
  /** The round being closed (1 for the first). */
  round: number;
  priority: number;
  /** When the attempt became ready: the older goes first among equal priorities. */
  readyAt: number;
  /** Agents asked to answer this round. */
  invited: readonly string[];
  /** Agents whose bids do not count on this attempt. */
  excludedAgents: readonly string[];
}

export interface RoundsInput<A extends RoundToClose, B extends BidView> {
  /** The rounds to close, each with the answers to its current round. */
  rounds: readonly { auction: A; answers: readonly B[] }[];
  /** Heartbeats (liveness, capacity) and reputations. */
  roster: Roster;
  /** Active leases per agent. Not changed: awards made here are counted on a copy. */
  leases: ReadonlyMap<string, number>;
  /** Wall-clock time of the decision; the roster's clock is derived from it. */
  now: number;
  /** Scoring weights, already normalised. */
  weights: ScoringWeights;
  /** Backoff after the first round without an award; doubles per round (see backoffDelayMs). */
  roundBackoffMs: number;
}

/** How one round ends. Both kinds carry the ranked bids, best first, for metrics and spans. */
export type RoundDecision<A, B> =
  | {
      kind: 'award';
      auction: A;
      agentId: string;
      score: number;
      ranked: ScoredBid[];
      /** The winner's answer: its event and its process run go into the award. */
      bid: B | undefined;
    }
  | {
      kind: 'wait';
      auction: A;
      /** Why no award, as announced in TaskWaiting. */
      reason: string;
      /** No new call before this time, unless capacity appears first. */
      notBefore: number;
      ranked: ScoredBid[];
      /** The capacity of the task's capability at the decision, for TaskWaiting. */
      view: CapacityView;
    };

/** Highest priority first, then the attempt that has been ready longest. */
export function byPriorityThenAge(
  a: Pick<RoundToClose, 'priority' | 'readyAt'>,
  b: Pick<RoundToClose, 'priority' | 'readyAt'>,
): number {
  return b.priority - a.priority || a.readyAt - b.readyAt;
}

/**
 * Decides every round of one batch: the best-ranked bidder that still has a free slot wins, where
 * slots taken by awards earlier in the same batch count as taken; a round without such a bidder
 * sends its task back to waiting, with a reason and a backoff before the next call.
 */
export function decideRounds<A extends RoundToClose, B extends BidView>(
  input: RoundsInput<A, B>,
): RoundDecision<A, B>[] {
  const { roster, now } = input;
  const clock = roster.clock(now);
  const taken = new Map(input.leases);
  const ordered = [...input.rounds].sort((x, y) => byPriorityThenAge(x.auction, y.auction));
  return ordered.map(({ auction, answers }): RoundDecision<A, B> => {
    const ranked = rankBids({
      bids: answers,
      weights: input.weights,
      excludedAgents: auction.excludedAgents,
      reputationOf: (agentId) => roster.reputation(agentId, auction.capability),
    });
    const winner = ranked.find((r) => hasRoom(roster, r.agentId, taken, clock));
    if (winner) {
      taken.set(winner.agentId, (taken.get(winner.agentId) ?? 0) + 1);
      return {
        kind: 'award',
        auction,
        agentId: winner.agentId,
        score: winner.score,
        ranked,
        bid: answers.find((b) => b.agentId === winner.agentId),
      };
    }
    return {
      kind: 'wait',
      auction,
      reason: noAwardReason({
        capability: auction.capability,
        round: auction.round,
        invited: auction.invited.length,
        bids: ranked.length,
        refusals: answers.filter((b) => b.decision === 'REFUSE').length,
        // Every acceptable bidder lacked a free slot, or it would have won.
        full: ranked.length,
      }),
      notBefore: now + backoffDelayMs(auction.round, input.roundBackoffMs),
      ranked,
      view: capacityOf(roster, auction.capability, taken, clock, auction.excludedAgents),
    };
  });
}

/**
 * Whether a bidder can take one more task: live (ONLINE and heard from recently) with a free slot.
 * A bid is proof of life, so an agent the roster has not heard of yet gets one slot.
 */
function hasRoom(
  roster: Roster,
  agentId: string,
  taken: ReadonlyMap<string, number>,
  clock: number,
): boolean {
  const agent = roster.get(agentId);
  if (!agent) return (taken.get(agentId) ?? 0) < 1;
  return isLive(agent, clock) && roomOf(agent, taken) > 0;
}

/** Whether every agent invited to a round has answered it (an open call never completes early). */
export function everyInvitedAnswered(
  invited: readonly string[],
  answers: readonly Pick<BidView, 'agentId'>[],
): boolean {
  if (invited.length === 0) return false;
  const answered = new Set(answers.map((b) => b.agentId));
  return invited.every((id) => answered.has(id));
}
