import { describe, expect, it } from 'vitest';
import type { GoalRow } from './api-types';
import { applyGoalChange, matchesFilter } from './goals-list';

const row = (goalId: string, createdAt: number, extra: Partial<GoalRow> = {}): GoalRow => ({
  goalId,
  goal: `goal ${goalId}`,
  workflow: 'research',
  state: 'running',
  createdAt,
  finishedAt: null,
  costUsd: 0,
  tasks: { total: 3, accepted: 0 },
  failure: null,
  ...extra,
});

describe('matchesFilter', () => {
  it('matches every criterion given', () => {
    const goal = row('g-1', 1, { goal: 'Summarise the Rust book', state: 'completed' });
    expect(matchesFilter(goal, {})).toBe(true);
    expect(matchesFilter(goal, { state: 'completed', workflow: 'research', q: 'rust' })).toBe(true);
    expect(matchesFilter(goal, { state: 'running' })).toBe(false);
    expect(matchesFilter(goal, { workflow: 'code' })).toBe(false);
    expect(matchesFilter(goal, { q: 'python' })).toBe(false);
    expect(matchesFilter(goal, { q: 'G-1' })).toBe(true);
  });
});

describe('applyGoalChange', () => {
  const list = [row('c', 30), row('b', 20), row('a', 10)];

  it('replaces a known goal in place', () => {
    const next = applyGoalChange(list, row('b', 20, { state: 'completed' }), {}, 10);
    expect(next.map((r) => r.goalId)).toEqual(['c', 'b', 'a']);
    expect(next[1]?.state).toBe('completed');
    expect(list[1]?.state).toBe('running');
  });

  it('inserts a new goal by age, newest first', () => {
    expect(applyGoalChange(list, row('d', 40), {}, 10).map((r) => r.goalId)).toEqual([
      'd',
      'c',
      'b',
      'a',
    ]);
    expect(applyGoalChange(list, row('m', 25), {}, 10).map((r) => r.goalId)).toEqual([
      'c',
      'm',
      'b',
      'a',
    ]);
    expect(applyGoalChange(list, row('z', 5), {}, 10).map((r) => r.goalId)).toEqual([
      'c',
      'b',
      'a',
      'z',
    ]);
  });

  it('drops a goal that no longer passes the filter, and ignores one that never did', () => {
    const running = { state: 'running' as const };
    expect(
      applyGoalChange(list, row('b', 20, { state: 'failed' }), running, 10).map((r) => r.goalId),
    ).toEqual(['c', 'a']);
    expect(applyGoalChange(list, row('x', 50, { state: 'failed' }), running, 10)).toEqual(list);
  });

  it('keeps at most limit rows, dropping the oldest', () => {
    expect(applyGoalChange(list, row('d', 40), {}, 3).map((r) => r.goalId)).toEqual([
      'd',
      'c',
      'b',
    ]);
  });
});
