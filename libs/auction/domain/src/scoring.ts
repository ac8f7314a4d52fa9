/**
 * Bid scoring for the Contract-Net auction.
 *
 * Every BID of a round (refusals and bids from excluded agents are left out) gets
 *
 * ```
 * score = w_cost       · (1 − cost / maxCost)
 *       + w_duration   · (1 − duration / maxDuration)
 *       + w_confidence · confidence
 *       + w_reputation · reputation
 *       + w_load       · (1 − load)
 * ```
 *
 * - `maxCost` and `maxDuration` are the largest values among the round's scored bids, so cost and
 *   duration are judged against the competition, not an absolute scale. When the largest is 0
 *   (everyone is free, or instant), that term is 1 for every bid.
 * - A bid that leaves cost or duration out is treated as the most expensive / slowest of the
 *   round (term 0), and a missing confidence as 0: saying less never wins an auction.
 * - `confidence` and `load` are clamped to [0, 1]; `reputation` is the agent's reputation for the
 *   task's capability, {@link DEFAULT_REPUTATION} when it has none yet.
 * - Weights are divided by their sum, so every score lies in [0, 1] whatever scale they are
 *   configured in.
 *
 * Highest score wins; equal scores (within {@link SCORE_EPSILON}) go to the lowest agentId, so
 * every replica picks the same winner from the same bids.
 */

/** Reputation of an agent that has no record yet for a capability: neither trusted nor distrusted. */
export const DEFAULT_REPUTATION = 0.5;

/** Scores closer than this are a tie, so floating-point noise cannot decide an auction. */
export const SCORE_EPSILON = 1e-9;

/** Relative importance of each criterion; any non-negative numbers with a positive sum. */
export interface ScoringWeights {
  cost: number;
  duration: number;
  confidence: number;
  reputation: number;
  load: number;
}

/** Default weights, summing to 1: track record first, then price, speed and self-assessment. */
export const DEFAULT_WEIGHTS: Readonly<ScoringWeights> = {
  cost: 0.2,
  duration: 0.2,
  confidence: 0.15,
  reputation: 0.3,
  load: 0.15,
};

/** One answer to a call for proposals, as the scorer needs it. */
export interface BidView {
  agentId: string;
  decision: 'BID' | 'REFUSE';
  cost: number | null;
  estimatedDurationMs: number | null;
  confidence: number | null;
  load: number;
}

export interface ScoredBid {
  agentId: string;
  score: number;
  /** Each weighted term, to explain an award. */
  terms: ScoringWeights;
}

export interface ScoringInput {
  bids: readonly BidView[];
  weights: ScoringWeights;
  /** Agents whose bids do not count on this attempt. */
  excludedAgents: readonly string[];
  /** The agent's reputation for the task's capability, or undefined when it has none. */
  reputationOf: (agentId: string) => number | undefined;
}

/** Weights scaled to sum to 1; throws naming the weight when one is negative or all are 0. */
export function normalizeWeights(weights: ScoringWeights): ScoringWeights {
  for (const [name, value] of Object.entries(weights)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`scoring weight '${name}' must be a non-negative number, got ${value}`);
    }
  }
  const sum =
    weights.cost + weights.duration + weights.confidence + weights.reputation + weights.load;
  if (sum <= 0) throw new Error('scoring weights must not all be 0');
  return {
    cost: weights.cost / sum,
    duration: weights.duration / sum,
    confidence: weights.confidence / sum,
    reputation: weights.reputation / sum,
    load: weights.load / sum,
  };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Relative term: 1 for the cheapest possible value, 0 for the round's largest or an unknown one. */
function relativeTerm(value: number | null, max: number): number {
  if (value === null || !Number.isFinite(value)) return 0;
  if (max <= 0) return 1;
  return clamp01(1 - Math.max(0, value) / max);
}

/** The round's scored bids, best first (see the module comment for the formula). */
export function rankBids(input: ScoringInput): ScoredBid[] {
  const excluded = new Set(input.excludedAgents);
  // One answer per agent: the store already guarantees it, but scoring must not depend on that.
  const byAgent = new Map<string, BidView>();
  for (const bid of input.bids) {
    if (bid.decision !== 'BID' || excluded.has(bid.agentId)) continue;
    if (!byAgent.has(bid.agentId)) byAgent.set(bid.agentId, bid);
  }
  const bids = [...byAgent.values()];
  if (bids.length === 0) return [];
  const w = normalizeWeights(input.weights);
  const known = (values: (number | null)[]) =>
    values.filter((v): v is number => v !== null && Number.isFinite(v)).map((v) => Math.max(0, v));
  const maxCost = Math.max(0, ...known(bids.map((b) => b.cost)));
  const maxDuration = Math.max(0, ...known(bids.map((b) => b.estimatedDurationMs)));
  const scored = bids.map((bid): ScoredBid => {
    const reputation = clamp01(input.reputationOf(bid.agentId) ?? DEFAULT_REPUTATION);
    const terms: ScoringWeights = {
      cost: w.cost * relativeTerm(bid.cost, maxCost),
      duration: w.duration * relativeTerm(bid.estimatedDurationMs, maxDuration),
      confidence: w.confidence * clamp01(bid.confidence ?? 0),
      reputation: w.reputation * reputation,
      load: w.load * (1 - clamp01(bid.load)),
    };
    const score = terms.cost + terms.duration + terms.confidence + terms.reputation + terms.load;
    return { agentId: bid.agentId, score, terms };
  });
  return scored.sort(compareScored);
}

/** Best first; a tie goes to the lower agentId (code-unit order, independent of locale). */
export function compareScored(a: ScoredBid, b: ScoredBid): number {
  if (Math.abs(a.score - b.score) > SCORE_EPSILON) return b.score - a.score;
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/** The winning bid, or undefined when no bid counts. */
export function pickWinner(input: ScoringInput): ScoredBid | undefined {
  return rankBids(input)[0];
}
