import { GOAL_STATES, type GoalState } from './console-views';
import { InvalidQueryError } from './invalid-query.error';

/** A checked `GET /api/goals` query. */
export interface GoalQuery {
  state?: GoalState;
  /** Exact workflow name. */
  workflow?: string;
  /** Case-insensitive text found in the goal or its id. */
  q?: string;
  limit: number;
}

/** Goals a list returns when the query does not say. */
export const DEFAULT_GOAL_LIMIT = 200;
/** Most goals one list may return. */
export const MAX_GOAL_LIMIT = 1000;

/** One text parameter: absent, or given once (`?state=a&state=b` is refused). */
function text(params: Record<string, unknown>, field: string): string | undefined {
  const value = params[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidQueryError(field, 'must be given once, as text');
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The query string of `GET /api/goals`, checked; throws {@link InvalidQueryError} naming the
 * field. Other parameters are ignored, so a client may add its own (a cache buster).
 */
export function parseGoalQuery(params: Record<string, unknown>): GoalQuery {
  const state = text(params, 'state');
  if (state !== undefined && !(GOAL_STATES as readonly string[]).includes(state)) {
    throw new InvalidQueryError(
      'state',
      `unknown state '${state}'; expected one of ${GOAL_STATES.join(', ')}`,
    );
  }
  const rawLimit = text(params, 'limit');
  const limit = rawLimit === undefined ? DEFAULT_GOAL_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_GOAL_LIMIT) {
    throw new InvalidQueryError('limit', `must be a whole number from 1 to ${MAX_GOAL_LIMIT}`);
  }
  const workflow = text(params, 'workflow');
  const q = text(params, 'q');
  return {
    limit,
    ...(state !== undefined ? { state: state as GoalState } : {}),
    ...(workflow !== undefined ? { workflow } : {}),
    ...(q !== undefined ? { q } : {}),
  };
}
