import type { GoalState, TaskState } from './api-types';

/**
 * The colour family of a state, named by what it means to an operator; styles.css gives each
 * tone its colours, for badges and graph nodes alike.
 */
export type Tone = 'idle' | 'wait' | 'run' | 'eval' | 'ok' | 'bad';

export function taskTone(state: TaskState): Tone {
  switch (state) {
    case 'pending':
      return 'idle';
    case 'ready':
    case 'bidding':
    case 'waiting':
      return 'wait';
    case 'running':
      return 'run';
    case 'evaluating':
      return 'eval';
    case 'accepted':
      return 'ok';
    case 'rejected':
    case 'failed':
      return 'bad';
  }
}

export function goalTone(state: GoalState): Tone {
  switch (state) {
    case 'submitted':
      return 'idle';
    case 'planned':
      return 'wait';
    case 'running':
      return 'run';
    case 'completed':
      return 'ok';
    case 'failed':
      return 'bad';
  }
}
