import type { CliEnv } from '../cli-config';
import { httpJson } from '../connect';

interface GoalSummary {
  id: string;
  state: string;
  workflow?: string | null;
  goal?: string;
  text?: string;
  createdAt?: string;
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
  const page = await httpJson<{ items?: GoalSummary[]; goals?: GoalSummary[] }>(
    'planner',
    `${env.PLANNER_URL}/goals?${query.toString()}`,
  );
  const goals = page.items ?? page.goals ?? [];
  if (goals.length === 0) {
    console.log('no goals yet: `agora submit "<goal>" --follow` submits one');
    return 0;
  }
  for (const g of goals) {
    const text = (g.goal ?? g.text ?? '').replace(/\s+/g, ' ').slice(0, 60);
    console.log(`${g.id}  ${g.state.padEnd(10)} ${(g.workflow ?? '').padEnd(9)} ${text}`);
  }
  return 0;
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
