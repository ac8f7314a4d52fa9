import type { CliEnv } from '../cli-config';
import { httpJson, userHeader } from '../connect';

/** What POST /goals/:goalId/cancel answers. */
export interface GoalCancelled {
  goalId: string;
  goalState: string;
  reason: string;
}

/** The request that cancels a goal. Pure, for tests. */
export function cancelRequest(
  plannerUrl: string,
  goalId: string,
  reason: string | undefined,
): { url: string; body: string } {
  const trimmed = reason?.trim();
  return {
    url: `${plannerUrl}/goals/${encodeURIComponent(goalId)}/cancel`,
    body: JSON.stringify(trimmed ? { reason: trimmed } : {}),
  };
}

/** What a cancellation did, in a line. Pure, for tests. */
export function renderCancelled(done: GoalCancelled): string {
  return `cancelled goal ${done.goalId}: it failed as cancelled (${done.reason}); its running tasks were told to stop`;
}

/**
 * `agora cancel <goal> [--reason text]`: cancels a goal that has not ended. The planner names
 * the caller ($USER, sent as x-agora-user) and the reason in the goal's failure.
 */
export async function cancelCommand(
  env: CliEnv,
  goalId: string,
  options: { reason?: string },
): Promise<number> {
  const { url, body } = cancelRequest(env.PLANNER_URL, goalId, options.reason);
  const done = await httpJson<GoalCancelled>('planner', url, {
    method: 'POST',
    body,
    headers: userHeader(),
  });
  console.log(renderCancelled(done));
  return 0;
}
