import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from './route';

describe('parseRoute', () => {
  it('takes the goals list as the default page', () => {
    expect(parseRoute('')).toEqual({ page: 'goals', filter: {} });
    expect(parseRoute('#/')).toEqual({ page: 'goals', filter: {} });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'goals', filter: {} });
  });

  it('reads the filters of the goals list from the query', () => {
    expect(parseRoute('#/goals?state=running&workflow=research&q=rust%20book')).toEqual({
      page: 'goals',
      filter: { state: 'running', workflow: 'research', q: 'rust book' },
    });
  });

  it('drops a state that is not a goal state', () => {
    expect(parseRoute('#/goals?state=sleeping')).toEqual({ page: 'goals', filter: {} });
  });

  it('reads a goal and its selected task', () => {
    expect(parseRoute('#/goals/g-1')).toEqual({ page: 'goal', goalId: 'g-1' });
    expect(parseRoute('#/goals/g-1?task=t%2F2')).toEqual({
      page: 'goal',
      goalId: 'g-1',
      taskId: 't/2',
    });
  });

  it('reads the agents and swarm pages', () => {
    expect(parseRoute('#/agents')).toEqual({ page: 'agents' });
    expect(parseRoute('#/swarm')).toEqual({ page: 'swarm' });
  });
});

describe('formatRoute', () => {
  const routes: Route[] = [
    { page: 'goals', filter: {} },
    { page: 'goals', filter: { state: 'failed', workflow: 'code', q: 'a&b=c' } },
    { page: 'goal', goalId: 'id with/slash' },
    { page: 'goal', goalId: 'g', taskId: 'write&review' },
    { page: 'agents' },
    { page: 'decisions' },
    { page: 'swarm' },
  ];

  it.each(routes)('is read back by parseRoute: %j', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('leaves out empty filters', () => {
    expect(formatRoute({ page: 'goals', filter: { q: '' } })).toBe('#/goals');
  });
});
