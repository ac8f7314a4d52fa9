export { isPrincipal, mayConsume, mayJoinGroup, mayProduce } from './access';
export {
  commandAllowed,
  hostAllowed,
  isLive,
  LIVENESS_INTERVALS,
  MAX_TRUSTED_INTERVAL_MS,
  normaliseCommand,
  type HeartbeatLiveness,
} from './agent-heartbeat';
export {
  loadOf,
  screenCall,
  STALE_CALL_MS,
  type AgentState,
  type CallScreening,
  type CallSummary,
  type ScreenedAgent,
} from './call-screening';
export { eventTypeOfTopic, keyOf, MissingEventKeyError, topicOf } from './catalog';
export type { TopicName, TopicOf } from './catalog';
export {
  doneByLabel,
  doneByOf,
  OFFLINE_MODE_NOTE,
  workModeOf,
  type DoneBy,
  type WorkMode,
} from './done-by';
export { newEnvelope } from './envelope';
export type { NewEnvelopeOptions } from './envelope';
export { eventSchemas, eventTypes } from './generated/events';
export type {
  AgentHeartbeat,
  AgentReputation,
  AgentStatus,
  BidDecision,
  BidScore,
  BidSubmitted,
  CallForProposals,
  CapabilityReputation,
  DeadLetter,
  DeadLetterHeader,
  DecisionRequested,
  GoalCancelRequested,
  Envelope,
  EventMap,
  EventType,
  GoalBudget,
  GoalCompleted,
  GoalFailed,
  GoalPlanned,
  GoalSubmitted,
  GoalUsage,
  MemoryHit,
  MemoryRecorded,
  MemorySearchCompleted,
  MemorySearchRequested,
  PlannedTask,
  Producer,
  TaskAwarded,
  TaskCompleted,
  TaskDecided,
  TaskEvaluated,
  TaskFailed,
  TaskOutputDelta,
  TaskProgress,
  TaskReady,
  TaskStepJournaled,
  TaskWaiting,
  Usage,
  Verdict,
  WorkflowChanged,
} from './generated/events';
export { principalCatalog, topicCatalog } from './generated/topics';
export type { Principal } from './generated/topics';
export type { PrincipalSpec } from './principal-spec';
export type { TopicSpec } from './topic-spec';
export * from './payloads';
export {
  DEFAULT_VISIBILITY,
  InvalidVisibilityError,
  isVisibility,
  mayQuote,
  parseVisibility,
  QUOTE_PARAM,
  quoteOf,
  readFrontMatter,
  stricterVisibility,
  visibilities,
  visibilitiesUpTo,
  type FrontMatter,
  type Visibility,
} from './visibility';
export { delegationInputs } from './delegation';
