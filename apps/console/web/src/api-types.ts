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
  GoalDetail,
  GoalRow,
  GoalState,
  GoalUsageView,
  SwarmView,
  TaskDetail,
  TaskState,
  TimelineEntry,
  UsageView,
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

/** A dead letter in the planner's list. Its times are ISO strings, as that API gives them. */
export interface DeadLetterSummary {
  /** `partition:offset` in the dead-letter topic: what show and replay take. */
  position: string;
  partition: number;
  offset: string;
  failedAt: string;
  classification: string;
  source: {
    topic: string;
    eventType: string | null;
    partition: number;
    offset: string;
    timestamp: string | null;
  };
  consumerGroup: string;
  attempts: number;
  errorType: string;
  errorMessage: string;
  goalId: string | null;
}

export type DeadLetterValue =
  | { encoding: 'avro'; bytes: number; eventType: string; schemaId: number; event: unknown }
  | { encoding: 'hex'; bytes: number; reason: string; hex: string }
  | { encoding: 'null'; bytes: 0 };

export interface DeadLetterView extends DeadLetterSummary {
  errorStack: string | null;
  key: string | null;
  headers: { key: string; value: string | null }[];
  value: DeadLetterValue;
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface ReplayedDeadLetter {
  position: string;
  to: { topic: string; partition: number; offset: string };
}
