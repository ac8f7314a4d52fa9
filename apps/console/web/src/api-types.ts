import type { GoalState } from '@agora/console/domain';

/*
 * The API as the page reads it. The console's own views come from @agora/console/domain, their
 * one definition, shared with the service that serves them (types only: nothing of the library
 * is bundled). The workflow and dead-letter shapes are the planner's, which the console passes
 * through unchanged (libs/planner/feature/src/api/workflows.controller.ts,
 * libs/shared/dead-letters/src/dead-letter-view.ts); they are mirrored here because those
 * libraries carry Node code the page must not pull in.
 */
export type {
  AgentRow,
  AttemptDetail,
  AttemptResult,
  BidRow,
  DecisionView,
  DoneBy,
  GoalDetail,
  GoalRow,
  GoalState,
  GoalUsageView,
  PendingDecisionRow,
  SwarmView,
  TaskDetail,
  TaskState,
  TimelineEntry,
  UsageView,
  WorkMode,
} from '@agora/console/domain';

// A record, so that a state added to GoalState and not here fails to compile.
const goalStateSet: Record<GoalState, true> = {
  submitted: true,
  planned: true,
  running: true,
  completed: true,
  failed: true,
};
/** Every goal state, in the order of a goal's life. */
export const goalStates = Object.keys(goalStateSet) as GoalState[];

/** One workflow of the planner's GET /workflows. */
export interface WorkflowView {
  name: string;
  description: string;
  steps: { name: string; capability: string; dependsOn: string[] }[];
}

// The planner's dead-letter API, whose shapes the console passes on unchanged. Type-only: none
// of that library's code reaches the page.
export type {
  DeadLetterPage,
  DeadLetterSummary,
  DeadLetterValue,
  DeadLetterView,
  ReplayedDeadLetter,
} from '@agora/dead-letters';
