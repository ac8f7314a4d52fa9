import { assertTransition, type Transitions } from './state-machine';

export const goalStates = ['accepted', 'planned', 'running', 'completed', 'failed'] as const;
export type GoalState = (typeof goalStates)[number];

/**
 * accepted → planned → running → completed | failed. A goal can fail from any live state: no
 * plan could be made, a budget or deadline ran out before its first task started, or later.
 */
export const goalTransitions: Transitions<GoalState> = {
  accepted: ['planned', 'failed'],
  planned: ['running', 'failed'],
  running: ['completed', 'failed'],
  completed: [],
  failed: [],
};

export function isGoalTerminal(state: GoalState): boolean {
  return state === 'completed' || state === 'failed';
}

/** Moves a goal to `to`, or throws IllegalTransitionError. */
export function transitionGoal(goal: { id: string; state: GoalState }, to: GoalState): void {
  assertTransition(goalTransitions, 'goal', goal.id, goal.state, to);
  goal.state = to;
}
