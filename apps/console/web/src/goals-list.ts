import type { GoalRow } from './api-types';
import type { GoalFilter } from './route';

/** Whether a goal passes the list's filter, as GET /api/goals would decide it. */
export function matchesFilter(goal: GoalRow, filter: GoalFilter): boolean {
  if (filter.state && goal.state !== filter.state) return false;
  if (filter.workflow && goal.workflow !== filter.workflow) return false;
  const q = filter.q?.trim().toLowerCase();
  if (q && !goal.goal.toLowerCase().includes(q) && !goal.goalId.toLowerCase().includes(q)) {
    return false;
  }
  return true;
}

/**
 * The list after a live change of one goal: replaced in place, inserted by age (newest first)
 * when new, removed when it no longer passes the filter (a running goal that completed, under a
 * `state=running` filter). At most `limit` rows, dropping the oldest.
 */
export function applyGoalChange(
  rows: readonly GoalRow[],
  changed: GoalRow,
  filter: GoalFilter,
  limit: number,
): GoalRow[] {
  const rest = rows.filter((r) => r.goalId !== changed.goalId);
  if (!matchesFilter(changed, filter)) return rest.length === rows.length ? [...rows] : rest;
  const at = rows.findIndex((r) => r.goalId === changed.goalId);
  if (at >= 0 && rows[at]?.createdAt === changed.createdAt) {
    const next = [...rows];
    next[at] = changed;
    return next;
  }
  const before = rest.findIndex(
    (r) =>
      r.createdAt < changed.createdAt ||
      (r.createdAt === changed.createdAt && r.goalId < changed.goalId),
  );
  const next = [...rest];
  next.splice(before < 0 ? next.length : before, 0, changed);
  return next.slice(0, limit);
}
