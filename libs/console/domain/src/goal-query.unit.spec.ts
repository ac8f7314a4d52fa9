import { describe, expect, it } from 'vitest';
import { DEFAULT_GOAL_LIMIT, MAX_GOAL_LIMIT, parseGoalQuery } from './goal-query';
import { InvalidQueryError } from './invalid-query.error';

function refusal(params: Record<string, unknown>): { field: string; message: string } {
  try {
    parseGoalQuery(params);
  } catch (error) {
    if (error instanceof InvalidQueryError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('parseGoalQuery', () => {
  it('has a default limit and keeps the filters given, trimmed', () => {
    expect(parseGoalQuery({})).toEqual({ limit: DEFAULT_GOAL_LIMIT });
    expect(
      parseGoalQuery({
        state: 'running',
        workflow: ' research ',
        q: 'kafka',
        limit: '5',
        _: '123',
      }),
    ).toEqual({ state: 'running', workflow: 'research', q: 'kafka', limit: 5 });
    expect(parseGoalQuery({ state: '', q: '  ' })).toEqual({ limit: DEFAULT_GOAL_LIMIT });
  });

  it('names the field of a bad value', () => {
    expect(refusal({ state: 'done' })).toEqual({
      field: 'state',
      message:
        "state: unknown state 'done'; expected one of submitted, planned, running, completed, failed",
    });
    for (const limit of ['0', '-1', '1.5', 'ten', String(MAX_GOAL_LIMIT + 1)]) {
      expect(refusal({ limit }).field, limit).toBe('limit');
    }
    expect(parseGoalQuery({ limit: String(MAX_GOAL_LIMIT) }).limit).toBe(MAX_GOAL_LIMIT);
    expect(refusal({ state: ['running', 'failed'] })).toMatchObject({ field: 'state' });
    expect(refusal({ q: { nested: 'x' } })).toMatchObject({ field: 'q' });
  });
});
