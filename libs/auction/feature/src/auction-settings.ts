import { normalizeWeights, type ScoringWeights } from '@agora/auction/domain';

/**
 * The environment keys the auction reads (apps/auction/src/config.ts documents and validates
 * them; this is the shape the feature module needs from SERVICE_CONFIG).
 */
export interface AuctionEnv {
  BID_WINDOW_MS: number;
  BID_GRACE_MS: number;
  BID_QUIET_MS: number;
  ROUND_BACKOFF_MS: number;
  LEASE_MS: number;
  SWEEP_INTERVAL_MS: number;
  SWEEP_BATCH_SIZE: number;
  REPUBLISH_AFTER_MS: number;
  ROSTER_SETTLE_MS: number;
  AUCTION_MAX_INVITEES: number;
  AUCTION_WEIGHT_COST: number;
  AUCTION_WEIGHT_DURATION: number;
  AUCTION_WEIGHT_CONFIDENCE: number;
  AUCTION_WEIGHT_REPUTATION: number;
  AUCTION_WEIGHT_LOAD: number;
}

/** How the auction runs; see {@link AuctionEnv} for where each value comes from. */
export interface AuctionSettings {
  /** Longest a round waits for the invited agents that have not answered. */
  bidWindowMs: number;
  /** Answers sent before the deadline but still in transit are waited for this much longer. */
  bidGraceMs: number;
  /** Once one acceptable bid is in, the round closes after this much quiet at the latest. */
  bidQuietMs: number;
  /** Wait before calling again after a round without an award; doubles per round, up to 5 s. */
  roundBackoffMs: number;
  /** Lease given to the winner; progress reports renew it (never further than this from now). */
  leaseMs: number;
  /** How often the sweeper looks for due rounds, lapsed leases and waiting tasks. */
  sweepIntervalMs: number;
  /** Rows one sweep claims per kind of work; a full batch sweeps again at once. */
  sweepBatchSize: number;
  /**
   * How long the roster must have been complete before a capability that no agent ever declared
   * fails its task at once (until then such a task waits: the agent may not have announced itself).
   */
  rosterSettleMs: number;
  /** Most agents called for one round: those with the most room, then the best reputation. */
  maxInvitees: number;
  /** Scoring weights, scaled to sum to 1. */
  weights: ScoringWeights;
}

export const AUCTION_SETTINGS = Symbol('AUCTION_SETTINGS');

export function auctionSettingsFromEnv(env: AuctionEnv): AuctionSettings {
  return {
    bidWindowMs: env.BID_WINDOW_MS,
    bidGraceMs: env.BID_GRACE_MS,
    bidQuietMs: env.BID_QUIET_MS,
    roundBackoffMs: env.ROUND_BACKOFF_MS,
    leaseMs: env.LEASE_MS,
    sweepIntervalMs: env.SWEEP_INTERVAL_MS,
    sweepBatchSize: env.SWEEP_BATCH_SIZE,
    rosterSettleMs: env.ROSTER_SETTLE_MS,
    maxInvitees: env.AUCTION_MAX_INVITEES,
    weights: normalizeWeights({
      cost: env.AUCTION_WEIGHT_COST,
      duration: env.AUCTION_WEIGHT_DURATION,
      confidence: env.AUCTION_WEIGHT_CONFIDENCE,
      reputation: env.AUCTION_WEIGHT_REPUTATION,
      load: env.AUCTION_WEIGHT_LOAD,
    }),
  };
}
