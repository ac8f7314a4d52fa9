export { Agent, createAgent, type AgentCounters, type AgentPhase } from './agent';
export {
  AgentOptionsError,
  resolveAgentOptions,
  TaskError,
  type AbortReason,
  type AgentOptions,
  type AwardedTask,
  type BidOffer,
  type MemorySearchOptions,
  type ResolvedAgentOptions,
  type TaskContext,
} from './agent-options';
export { connectionFromEnv } from './connection';
export {
  agentHeartbeat,
  bidSubmitted,
  leaseLengthMs,
  LOAD_CHANGE_EVERY_MS,
  renewalPeriodMs,
  STARTED_NOTICE_MS,
  taskCompleted,
  taskFailed,
  taskOutputDelta,
  taskProgress,
  type AgentFailureCode,
  type CallAnswer,
  type HeartbeatState,
  type Speaker,
} from './protocol/agent-events';
export { BID_MEMORY_MS, BidBook } from './protocol/bid-book';
export { attemptKey, SEEN_ATTEMPTS_LIMIT, SeenAttempts } from './protocol/seen-attempts';
// The payload types a `run` works with.
export type { MemoryHit, TaskInput, TaskOutput } from '@agora/contracts';
