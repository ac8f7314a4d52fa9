export { AGENT_HISTORY_POINTS } from './agent-directory';
export {
  CONSOLE_EVENT_TYPES,
  type ConsoleEvent,
  type ConsoleEventType,
  type EventMeta,
} from './console-events';
export { ConsoleReadModel, type Applied, type ConsoleReadModelOptions } from './console-read-model';
export {
  GOAL_STATES,
  TASK_STATES,
  type AgentRow,
  type AttemptDetail,
  type AttemptResult,
  type BidRow,
  type DecisionView,
  type DoneBy,
  type GoalDetail,
  type GoalRow,
  type GoalState,
  type GoalUsageView,
  type LagRow,
  type PendingDecisionRow,
  type SwarmView,
  type TaskDetail,
  type TaskState,
  type TimelineEntry,
  type UsageView,
  type WorkMode,
} from './console-views';
export { DEFAULT_GOAL_LIMIT, MAX_GOAL_LIMIT, parseGoalQuery, type GoalQuery } from './goal-query';
export {
  MAX_ATTEMPT_OUTPUT_CHARS,
  MAX_GOAL_OUTPUT_CHARS,
  MAX_TIMELINE_ENTRIES,
} from './goal-record';
export { InvalidQueryError } from './invalid-query.error';
export {
  ALLOCATION_SAMPLES,
  percentile,
  SERIES_BUCKET_MS,
  SERIES_WINDOW_MS,
} from './swarm-metrics';
