import { describe, expect, it } from 'vitest';
import { transitionGoal, type GoalState } from './goal-state';
import { IllegalTransitionError } from './state-machine';
import { transitionTask, type TaskState } from './task-state';

describe('goal state machine', () => {
  it('walks accepted → planned → running → completed', () => {
    const goal = { id: 'g', state: 'accepted' as GoalState };
    for (const to of ['planned', 'running', 'completed'] as const) transitionGoal(goal, to);
    expect(goal.state).toBe('completed');
  });

  it('refuses to leave a final state or skip planning', () => {
    expect(() => transitionGoal({ id: 'g', state: 'completed' }, 'failed')).toThrow(
      new IllegalTransitionError('goal', 'g', 'completed', 'failed'),
    );
    expect(() => transitionGoal({ id: 'g', state: 'accepted' }, 'running')).toThrow(
      'goal g: illegal transition accepted → running',
    );
  });
});

describe('task state machine', () => {
  it('walks a rejected attempt back to ready and on to accepted', () => {
    const task = { id: 't', state: 'pending' as TaskState };
    for (const to of [
      'ready',
      'awarded',
      'running',
      'completed',
      'rejected',
      'ready',
      'completed',
      'accepted',
    ] as const) {
      transitionTask(task, to);
    }
    expect(task.state).toBe('accepted');
  });

  it('refuses illegal moves', () => {
    expect(() => transitionTask({ id: 't', state: 'pending' }, 'completed')).toThrow(
      IllegalTransitionError,
    );
    expect(() => transitionTask({ id: 't', state: 'accepted' }, 'ready')).toThrow(
      IllegalTransitionError,
    );
    expect(() => transitionTask({ id: 't', state: 'skipped' }, 'ready')).toThrow(
      IllegalTransitionError,
    );
    expect(() => transitionTask({ id: 't', state: 'rejected' }, 'accepted')).toThrow(
      IllegalTransitionError,
    );
  });
});
