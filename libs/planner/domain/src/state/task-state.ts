import { assertTransition, type Transitions } from './state-machine';

export const taskStates = [
  'pending',
  'ready',
  'waiting',
  'awarded',
  'running',
  'completed',
  'accepted',
  'rejected',
  'failed',
  'cancelled',
  'skipped',
] as const;
export type TaskState = (typeof taskStates)[number];

/**
 * pending → ready → awarded → running → completed → accepted, or → rejected → ready (a retry)
 * until attempts run out → failed; live tasks can be cancelled, conditional ones skipped.
 * A ready task that no agent can take yet is waiting (for capacity) until it is awarded.
 *
 * The award, progress, result and evaluation of a task arrive on different topics, so the
 * planner may read a result before the award that preceded it: ready and awarded may therefore
 * move straight to completed, and ready straight to running. A failed attempt (lease expired,
 * agent error) goes back to ready for the next attempt.
 */
export const taskTransitions: Transitions<TaskState> = {
  pending: ['ready', 'skipped', 'cancelled'],
  ready: ['waiting', 'awarded', 'running', 'completed', 'ready', 'failed', 'cancelled'],
  waiting: ['waiting', 'awarded', 'running', 'completed', 'ready', 'failed', 'cancelled'],
  awarded: ['running', 'completed', 'ready', 'failed', 'cancelled'],
  running: ['completed', 'ready', 'failed', 'cancelled'],
  completed: ['accepted', 'rejected', 'cancelled'],
  rejected: ['ready', 'failed'],
  accepted: [],
  failed: [],
  cancelled: [],
  skipped: [],
};

/** States in which an attempt is out with the auction or an agent. */
export function isTaskActive(state: TaskState): boolean {
  return (
    state === 'ready' ||
    state === 'waiting' ||
    state === 'awarded' ||
    state === 'running' ||
    state === 'completed'
  );
}

/** States an attempt may be awarded from (the award may be read after the attempt waited). */
export const awardableStates: readonly TaskState[] = ['ready', 'waiting'];

/** States a progress report moves to running. */
export const startableStates: readonly TaskState[] = ['ready', 'waiting', 'awarded'];

/** States that satisfy a dependency: the dependant may start. */
export function isTaskDone(state: TaskState): boolean {
  return state === 'accepted' || state === 'skipped';
}

/** Moves a task to `to`, or throws IllegalTransitionError. */
export function transitionTask(task: { id: string; state: TaskState }, to: TaskState): void {
  assertTransition(taskTransitions, 'task', task.id, task.state, to);
  task.state = to;
}
