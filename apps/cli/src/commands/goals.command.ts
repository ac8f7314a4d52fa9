import type { CliEnv } from '../cli-config';
import { httpJson } from '../connect';

/** One goal of `GET /goals` (the planner's REST API). */
export interface GoalSummary {
  goalId: string;
  goal: string;
  workflow: string | null;
  state: string;
  createdAt: string;
}

/** `agora goals`: the most recent goals from the planner's API. */
export async function goalsCommand(
  env: CliEnv,
  options: { limit: number; state?: string },
): Promise<number> {
  const query = new URLSearchParams({
    limit: String(options.limit),
    ...(options.state ? { state: options.state } : {}),
  });
  const page = await httpJson<{ items: GoalSummary[]; total: number }>(
    'planner',
    `${env.PLANNER_URL}/goals?${query.toString()}`,
  );
  console.log(renderGoals(page.items, page.total, options.state).join('\n'));
  return 0;
}

/** One line per goal, with an id to copy into `agora goal`. Pure, for tests. */
export function renderGoals(
  goals: readonly GoalSummary[],
  total: number,
  state?: string,
): string[] {
  if (goals.length === 0) {
    return [
      state ? `no ${state} goals` : 'no goals yet: `agora submit "<goal>" --follow` submits one',
    ];
  }
  const lines = goals.map((g) => {
    const text = g.goal.replace(/\s+/g, ' ').slice(0, 60);
    return `${g.goalId}  ${g.state.padEnd(10)} ${(g.workflow ?? '').padEnd(9)} ${text}`;
  });
  if (total > goals.length) lines.push(`(${goals.length} of ${total}; --limit shows more)`);
  return lines;
}

/** `agora goal <id>`: one goal with its tasks, auctions and evaluations, as the planner reports it. */
export async function goalCommand(env: CliEnv, id: string): Promise<number> {
  const goal = await httpJson<unknown>(
    'planner',
    `${env.PLANNER_URL}/goals/${encodeURIComponent(id)}`,
  );
  console.log(JSON.stringify(goal, null, 2));
  return 0;
}
