import type { AuctionEnv as AuctionFeatureEnv } from '@agora/auction/feature';
import { defineServiceEnv, envPort, envPositiveInt } from '@agora/config';
import { z } from 'zod';

/** A scoring weight: any non-negative number; weights are scaled to sum to 1. */
const envWeight = (defaultValue: number) =>
  z.coerce
    .number({ error: 'expected a non-negative number' })
    .min(0, 'expected a non-negative number')
    .default(defaultValue);

const weightKeys = [
  'AUCTION_WEIGHT_COST',
  'AUCTION_WEIGHT_DURATION',
  'AUCTION_WEIGHT_CONFIDENCE',
  'AUCTION_WEIGHT_REPUTATION',
  'AUCTION_WEIGHT_LOAD',
] as const;

/** The auction's environment: the shared service keys plus its own. */
export const auctionEnvSchema = defineServiceEnv({
  /** @default 3001 */
  HTTP_PORT: envPort(3001),
  /** How long a round accepts bids, in ms; it closes earlier once every live agent answered. @default 200 */
  BID_WINDOW_MS: envPositiveInt(200),
  /**
   * How long a round stays open after its deadline for bids sent before it but still in transit,
   * in ms; bids are judged by when the agent sent them. @default 100
   */
  BID_GRACE_MS: envPositiveInt(100),
  /** Rounds without any bid before the attempt fails as unallocatable. @default 3 */
  MAX_ROUNDS: envPositiveInt(3),
  /** Wait before re-announcing after a round without bids, in ms; doubles each round. @default 200 */
  ROUND_BACKOFF_MS: envPositiveInt(200),
  /** Lease given to the winner, in ms; TaskProgress renews it. @default 30000 */
  LEASE_MS: envPositiveInt(30_000),
  /** How often each replica sweeps for due rounds, lapsed leases and unpublished events, in ms. @default 50 */
  SWEEP_INTERVAL_MS: envPositiveInt(50),
  /** Rows one sweep claims per kind of work; a full batch sweeps again at once. @default 20 */
  SWEEP_BATCH_SIZE: envPositiveInt(20),
  /** Age in ms after which a committed but unpublished event is published by the sweeper. @default 2000 */
  REPUBLISH_AFTER_MS: envPositiveInt(2_000),
  /** Weight of price in bid scores (cost normalised within the round). @default 0.2 */
  AUCTION_WEIGHT_COST: envWeight(0.2),
  /** Weight of estimated duration (normalised within the round). @default 0.2 */
  AUCTION_WEIGHT_DURATION: envWeight(0.2),
  /** Weight of the bidder's own confidence. @default 0.15 */
  AUCTION_WEIGHT_CONFIDENCE: envWeight(0.15),
  /** Weight of the bidder's reputation for the capability (0.5 when unknown). @default 0.3 */
  AUCTION_WEIGHT_REPUTATION: envWeight(0.3),
  /** Weight of spare capacity, 1 − load. @default 0.15 */
  AUCTION_WEIGHT_LOAD: envWeight(0.15),
}).superRefine((env, ctx) => {
  if (weightKeys.every((key) => env[key] === 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUCTION_WEIGHT_REPUTATION'],
      message: 'at least one AUCTION_WEIGHT_* must be above 0',
    });
  }
});

export type AuctionEnv = z.output<typeof auctionEnvSchema>;

// The feature module reads these keys through SERVICE_CONFIG; fail the build if they drift.
const _featureKeys: (env: AuctionEnv) => AuctionFeatureEnv = (env) => env;
