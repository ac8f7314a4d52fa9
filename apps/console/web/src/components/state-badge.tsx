import type { GoalState, TaskState } from '../api-types';
import { goalTone, taskTone } from '../state-tone';

export function GoalStateBadge({ state }: { state: GoalState }) {
  return <span class={`badge tone-${goalTone(state)}`}>{state}</span>;
}

export function TaskStateBadge({ state }: { state: TaskState }) {
  return <span class={`badge tone-${taskTone(state)}`}>{state}</span>;
}
