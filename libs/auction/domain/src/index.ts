export {
  eligibleAgents,
  everyoneAnswered,
  isLive,
  LIVENESS_INTERVALS,
  type AgentView,
} from './roster';
export {
  backoffDelayMs,
  INPUT_SUMMARY_MAX,
  leaseExpiredReason,
  summarizeInput,
  unallocatableReason,
} from './rounds';
export {
  compareScored,
  DEFAULT_REPUTATION,
  DEFAULT_WEIGHTS,
  normalizeWeights,
  pickWinner,
  rankBids,
  SCORE_EPSILON,
  type BidView,
  type ScoredBid,
  type ScoringInput,
  type ScoringWeights,
} from './scoring';
export { bidProblems, taskReadyProblems, type BidFields, type TaskReadyFields } from './validation';
