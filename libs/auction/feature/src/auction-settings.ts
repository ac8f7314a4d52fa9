import { normalizeWeights, type ScoringWeights } from '@agora/auction/domain';

/**
 * The environment keys the auction reads (apps/auction/src/config.ts documents and validates
 * them; this is the shape the feature module needs from SERVICE_CONFIG).
 */
export interface AuctionEnv {
  BID_WINDOW_MS: number;
  BID_GRACE_MS: number;
  MAX_ROUNDS: number;
  ROUND_BACKOFF_MS: number;
  LEASE_MS: number;
  SWEEP_INTERVAL_MS: number;
  SWEEP_BATCH_SIZE: number;
  REPUBLISH_AFTER_MS: number;
  AUCTION_WEIGHT_COST: number;
  AUCTION_WEIGHT_DURATION: number;
  AUCTION_WEIGHT_CONFIDENCE: number;
  AUCTION_WEIGHT_REPUTATION: number;
  AUCTION_WEIGHT_LOAD: number;
}

/** How the auction runs; see {@link AuctionEnv} for where each value comes from. */
export interface AuctionSettings {
  /** How long a round accepts bids. */
  bidWindowMs: number;
  /**
   * How long after the deadline a round stays open for bids sent before the deadline but still
   * in transit; bids are judged by when the agent sent them.
   */
  bidGraceMs: number;
  /** Rounds without a bid before the task is declared unallocatable. */
  maxRounds: number;
  /** Wait before the second round; doubles for each further round. */
  roundBackoffMs: number;
  /** Lease given to the winner; progress reports renew it. */
  leaseMs: number;
  /** How often the sweeper looks for due rounds, lapsed leases and unpublished events. */
  sweepIntervalMs: number;
  /** Rows one sweep claims per table. */
  sweepBatchSize: number;
  /** Age after which an event written but not marked published is published again by the sweeper. */
  republishAfterMs: number;
  /** Scoring weights, scaled to sum to 1. */
  weights: ScoringWeights;
}

export const AUCTION_SETTINGS = Symbol('AUCTION_SETTINGS');

export function auctionSettingsFromEnv(env: AuctionEnv): AuctionSettings {
  return {
    bidWindowMs: env.BID_WINDOW_MS,
    bidGraceMs: env.BID_GRACE_MS,
    maxRounds: env.MAX_ROUNDS,
    roundBackoffMs: env.ROUND_BACKOFF_MS,
    leaseMs: env.LEASE_MS,
    sweepIntervalMs: env.SWEEP_INTERVAL_MS,
    sweepBatchSize: env.SWEEP_BATCH_SIZE,
    republishAfterMs: env.REPUBLISH_AFTER_MS,
    weights: normalizeWeights({
      cost: env.AUCTION_WEIGHT_COST,
      duration: env.AUCTION_WEIGHT_DURATION,
      confidence: env.AUCTION_WEIGHT_CONFIDENCE,
      reputation: env.AUCTION_WEIGHT_REPUTATION,
      load: env.AUCTION_WEIGHT_LOAD,
    }),
  };
}
