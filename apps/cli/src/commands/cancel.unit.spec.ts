import { describe, expect, it } from 'vitest';
import { cancelRequest, renderCancelled } from './cancel.command';

describe('agora cancel', () => {
  it('posts the trimmed reason to the goal, escaping its id, and no reason when blank', () => {
    expect(cancelRequest('http://p:3000', 'g 1', '  wrong question ')).toEqual({
      url: 'http://p:3000/goals/g%201/cancel',
      body: '{"reason":"wrong question"}',
    });
    expect(cancelRequest('http://p', 'g1', '   ').body).toBe('{}');
    expect(cancelRequest('http://p', 'g1', undefined).body).toBe('{}');
  });

  it('says the goal failed as cancelled, with the reason the planner recorded', () => {
    expect(
      renderCancelled({
        goalId: 'g1',
        goalState: 'failed',
        reason: 'cancelled by maria: wrong question',
      }),
    ).toBe(
      'cancelled goal g1: it failed as cancelled (cancelled by maria: wrong question); its running tasks were told to stop',
    );
  });
});
