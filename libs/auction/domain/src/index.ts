export {
  capacityOf,
  chooseInvitees,
  dispatchBudget,
  noAwardReason,
  roomOf,
  waitingReason,
  type CapacityView,
} from './allocation';
export {
  decideDispatch,
  planDispatch,
  type DispatchDecision,
  type DispatchInput,
  type DispatchPlan,
  type DispatchState,
  type WaitingAttempt,
} from './dispatch-decisions';
export {
  isLive,
  LIVENESS_INTERVALS,
  MAX_TRUSTED_INTERVAL_MS,
  Roster,
  type AgentRecord,
  type AgentStatus,
  type HeartbeatEffect,
} from './roster';
export {
  byPriorityThenAge,
  decideRounds,
  everyInvitedAnswered,
  type RoundDecision,
  type RoundsInput,
  type RoundToClose,
} from './round-decisions';
export {
  backoffDelayMs,
  bidWindowOf,
  INPUT_SUMMARY_MAX,
  leaseExpiredReason,
  restartedReason,
  summarizeInput,
  undeclaredReason,
  waitExceededReason,
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
export {
  neverDeclared,
  undeclaredCapabilities,
  waitFailure,
  type WaitContext,
  type WaitFailure,
  type WaitingTask,
} from './wait-decisions';
