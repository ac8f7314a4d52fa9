/**
 * Inputs that mark a goal an agent asked the swarm for (the executor's `ask_agent` tool): where
 * it came from, and how deep in a chain of agents asking agents it is. The planner reads the
 * parent to cancel a sub-goal once its parent goal has ended.
 */
export const delegationInputs = {
  /** The goal whose task asked. */
  parentGoal: 'parentGoalId',
  /** The task that asked (`<goalId>/<step>`). */
  parentTask: 'parentTaskId',
  /** 1 for a goal a top-level goal's agent asked for, 2 for one that goal's agent asked for… */
  depth: 'delegationDepth',
} as const;
