export {
  APPROVAL_CAPABILITY,
  approvalSettings,
  DEFAULT_APPROVAL_TIMEOUT_MS,
  isHumanStep,
  MAX_APPROVAL_TIMEOUT_MS,
  type ApprovalDecision,
  type ApprovalSettings,
} from './approval/approval-step';
export {
  cancellationReason,
  finalOutput,
  GoalEngine,
  goalUsage,
  parseOutput,
  taskIdOf,
  type BudgetLimit,
  type EngineResult,
  type PlannerEvent,
  type PlannerEventType,
  type DecisionRefusal,
  type ResultRefusal,
} from './goal/goal-engine';
export type { GoalRecord, GoalSnapshot, PlanSource, TaskRecord } from './goal/goal-records';
export { goalIdForKey, idempotencyKeyProblem, MAX_IDEMPOTENCY_KEY_CHARS } from './goal/idempotency';
export { allowedCommandsOf, checkCommands, type AgentAllowance } from './planning/command-check';
export {
  choosePlan,
  noPlanReason,
  UnplannableError,
  WorkflowDecomposer,
  type ChoosePlanOptions,
  type DecompositionRequest,
  type GoalDecomposer,
  type PlanChoice,
  type PlanningUsage,
} from './planning/goal-decomposer';
export {
  extractJson,
  parseModelPlan,
  planningPrompt,
  type PlanningPrompt,
} from './planning/model-plan';
export {
  goalStates,
  goalTransitions,
  isGoalTerminal,
  transitionGoal,
  type GoalState,
} from './state/goal-state';
export { IllegalTransitionError, canTransition } from './state/state-machine';
export {
  awardableStates,
  isTaskActive,
  isTaskDone,
  startableStates,
  taskStates,
  taskTransitions,
  transitionTask,
  type TaskState,
} from './state/task-state';
export {
  checkDefaultWorkflow,
  shippedWorkflowNames,
  shippedWorkflowsDir,
  WorkflowCatalog,
  type CatalogChange,
  type ShippedWorkflowName,
  type WorkflowOrigin,
} from './workflow/workflow-catalog';
export {
  INLINE_PLAN_NAME,
  parseInlinePlan,
  parseRegisteredWorkflow,
  problemPath,
  problemText,
  validateInlinePlan,
} from './workflow/workflow-sources';
export {
  DEFAULT_MAX_ATTEMPTS,
  knownCapabilities,
  parseWorkflow,
  validateWorkflow,
  WorkflowValidationError,
  type StepCondition,
  type WorkflowDefinition,
  type WorkflowStep,
} from './workflow/workflow-definition';
