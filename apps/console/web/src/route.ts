import { goalStates, type GoalState } from './api-types';

/** What the goals list is narrowed to; every criterion given must hold. */
export interface GoalFilter {
  state?: GoalState;
  workflow?: string;
  /** Free text, matched in the goal's text and id. */
  q?: string;
}

/** The page the hash names. */
export type Route =
  | { page: 'goals'; filter: GoalFilter }
  | { page: 'goal'; goalId: string; taskId?: string }
  | { page: 'agents' }
  | { page: 'decisions' }
  | { page: 'swarm' };

function isGoalState(value: string | null): value is GoalState {
  return value !== null && (goalStates as readonly string[]).includes(value);
}

/**
 * `#/goals?state=running`, `#/goals/<id>?task=<taskId>`, `#/agents`, `#/swarm`. Anything else,
 * the empty hash included, is the goals list, so an old or mistyped link still lands somewhere.
 */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const queryAt = text.indexOf('?');
  const path = queryAt < 0 ? text : text.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : text.slice(queryAt + 1));
  const parts = path.split('/').filter((p) => p !== '');
  const [page, id] = parts;
  if (page === 'goals' && id !== undefined) {
    const taskId = query.get('task');
    return {
      page: 'goal',
      goalId: decodeURIComponent(id),
      ...(taskId ? { taskId } : {}),
    };
  }
  if (page === 'agents') return { page: 'agents' };
  if (page === 'decisions') return { page: 'decisions' };
  if (page === 'swarm') return { page: 'swarm' };
  const state = query.get('state');
  const workflow = query.get('workflow');
  const q = query.get('q');
  return {
    page: 'goals',
    filter: {
      ...(isGoalState(state) ? { state } : {}),
      ...(workflow ? { workflow } : {}),
      ...(q ? { q } : {}),
    },
  };
}

/** The hash of a route; parseRoute(formatRoute(r)) is r. */
export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'goals': {
      const query = new URLSearchParams();
      if (route.filter.state) query.set('state', route.filter.state);
      if (route.filter.workflow) query.set('workflow', route.filter.workflow);
      if (route.filter.q) query.set('q', route.filter.q);
      const text = query.toString();
      return text ? `#/goals?${text}` : '#/goals';
    }
    case 'goal': {
      const base = `#/goals/${encodeURIComponent(route.goalId)}`;
      return route.taskId
        ? `${base}?${new URLSearchParams({ task: route.taskId }).toString()}`
        : base;
    }
    case 'agents':
      return '#/agents';
    case 'decisions':
      return '#/decisions';
    case 'swarm':
      return '#/swarm';
  }
}
