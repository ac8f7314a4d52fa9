/** The planner's own configuration keys, read from the validated environment (SERVICE_CONFIG). */
export interface PlannerSettings {
  /** Workflow for goals that name none when no model plans them, and the model's fallback. */
  PLANNER_DEFAULT_WORKFLOW?: string | undefined;
  /** How often the sweeper looks for overdue and unplanned goals, in milliseconds. */
  PLANNER_SWEEP_INTERVAL_MS: number;
  /** Most goals the sweeper handles per pass. */
  PLANNER_SWEEP_BATCH: number;
  /** How long a goal may wait for its plan before the sweeper plans it again, in milliseconds. */
  PLANNER_REPLAN_AFTER_MS: number;
  /** How long a task may stay ready (no auction acted on its call) before it is called again. */
  PLANNER_REDRIVE_AFTER_MS: number;
  /**
   * What POST /goals does when PLANNER_MAX_BACKLOG goals are unfinished: `queue` accepts it (it
   * waits its turn), `reject` answers 429 with Retry-After. Goals produced on Kafka always queue.
   */
  PLANNER_ADMISSION: 'queue' | 'reject';
  /** Unfinished goals at which POST /goals refuses new ones when PLANNER_ADMISSION is reject. */
  PLANNER_MAX_BACKLOG: number;
}

/** Injection token of the model-backed GoalDecomposer; null when no model is configured. */
export const GOAL_DECOMPOSER = Symbol('GOAL_DECOMPOSER');
