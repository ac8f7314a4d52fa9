import { counter, histogram } from '@agora/observability';
import type {
  BudgetLimit,
  GoalSnapshot,
  GoalState,
  ResultRefusal,
  TaskState,
} from '@agora/planner/domain';

const goalsTotal = counter('agora_planner_goals_total', 'Goals that reached each state.', [
  'state',
]);
const tasksTotal = counter(
  'agora_planner_tasks_total',
  'Task state changes, by the state entered (attempts that became ready, accepted, failed…).',
  ['state'],
);
const goalSeconds = histogram(
  'agora_planner_goal_seconds',
  'Time from submission to the end of a goal, by outcome.',
  ['state'],
  [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
);
const budgetExceeded = counter(
  'agora_planner_budget_exceeded_total',
  'Goals failed because a budget limit was reached, by limit.',
  ['limit'],
);
const resultsRefused = counter(
  'agora_planner_results_refused_total',
  'Results and failures refused: about an attempt that is not the current one (stale_attempt), or not from the agent it was awarded to (not_awarded).',
  ['event', 'reason'],
);
const resultsHeld = counter(
  'agora_planner_results_held_total',
  'Results and failures read before the award of their attempt, held until it is read.',
  ['event'],
);

/** Counts a result or failure the planner refused. */
export function recordRefused(event: 'TaskCompleted' | 'TaskFailed', reason: ResultRefusal): void {
  resultsRefused.inc({ event, reason });
}

/** Counts a result or failure held until its award is read. */
export function recordHeld(event: 'TaskCompleted' | 'TaskFailed'): void {
  resultsHeld.inc({ event });
}

/** The states of a goal and its tasks (by attempt), to compare before and after a change. */
export interface StateSample {
  goal: GoalState;
  tasks: Map<string, `${TaskState}#${number}`>;
}

export function sample({ goal, tasks }: GoalSnapshot): StateSample {
  return { goal: goal.state, tasks: new Map(tasks.map((t) => [t.id, `${t.state}#${t.attempt}`])) };
}

/** Counts tasks that entered a state through a set-based update. */
export function recordTaskStates(state: TaskState, count: number): void {
  if (count > 0) tasksTotal.inc({ state }, count);
}

/** Counts a goal recorded for the first time. */
export function recordAccepted(): void {
  goalsTotal.inc({ state: 'accepted' });
}

/** Counts the transitions between two samples of the same goal. */
export function recordTransitions(
  before: StateSample | null,
  after: GoalSnapshot,
  limit: BudgetLimit | undefined,
): void {
  const { goal } = after;
  if (before?.goal !== goal.state) {
    // Planning and starting the first tasks happen in one step; count the plan all the same.
    if (before?.goal === 'accepted' && goal.planSource !== null && goal.state !== 'planned') {
      goalsTotal.inc({ state: 'planned' });
    }
    goalsTotal.inc({ state: goal.state });
    if ((goal.state === 'completed' || goal.state === 'failed') && goal.finishedAt) {
      goalSeconds.observe(
        { state: goal.state },
        (goal.finishedAt.getTime() - goal.createdAt.getTime()) / 1000,
      );
    }
  }
  for (const task of after.tasks) {
    if (before?.tasks.get(task.id) !== `${task.state}#${task.attempt}`) {
      tasksTotal.inc({ state: task.state });
    }
  }
  if (limit) budgetExceeded.inc({ limit });
}
