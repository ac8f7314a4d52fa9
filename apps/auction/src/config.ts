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
  /**
   * Longest a round waits for invited agents that have not answered, in ms. Rounds usually close
   * sooner: once every invited agent answered, or BID_QUIET_MS after the first acceptable bid.
   * @default 200
   */
  BID_WINDOW_MS: envPositiveInt(200),
  /**
   * How much longer a round waits after its deadline for answers sent before it but still in
   * transit, in ms. @default 100
   */
  BID_GRACE_MS: envPositiveInt(100),
  /** Once an acceptable bid is in, close the round after this much quiet at the latest, in ms. @default 50 */
  BID_QUIET_MS: envPositiveInt(50),
  /**
   * Wait before calling again for a task whose round ended without an award, in ms, unless
   * capacity appears first; doubles per round, at most 5 s. @default 200
   */
  ROUND_BACKOFF_MS: envPositiveInt(200),
  /** Lease given to the winner, in ms; TaskProgress renews it. @default 30000 */
  LEASE_MS: envPositiveInt(30_000),
  /**
   * How often each replica sweeps for due rounds, lapsed leases, waiting tasks and unpublished
   * events, in ms; due times this replica set wake it earlier. @default 250
   */
  SWEEP_INTERVAL_MS: envPositiveInt(250),
  /** Rows one sweep claims per kind of work; a full batch sweeps again at once. @default 100 */
  SWEEP_BATCH_SIZE: envPositiveInt(100),
  /** Age in ms after which a committed but unpublished event is published by the outbox relay. @default 2000 */
  REPUBLISH_AFTER_MS: envPositiveInt(2_000),
  /**
   * How long the roster must have been complete before a task whose capability no agent ever
   * declared fails at once, in ms (until then it waits: its agent may not have announced itself
   * yet). @default 6000
   */
  ROSTER_SETTLE_MS: envPositiveInt(6_000),
  /**
   * Most agents called for one round: those with the most free slots, then the best reputation,
   * ties shared out by task. A few offers are enough to choose well; more make every round cost
   * more messages and wait for more answers. @default 4
   */
  AUCTION_MAX_INVITEES: envPositiveInt(4),
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
