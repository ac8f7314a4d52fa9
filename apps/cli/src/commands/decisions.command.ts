import type { CliEnv } from '../cli-config';
import { httpJson, userHeader } from '../connect';
import { humanDuration } from './goals.command';

/** A person's decision on an approval step. */
export type Decision = 'approve' | 'reject';

/** An item of GET /decisions (the planner's API, which may send more). */
export interface PendingDecision {
  goalId: string;
  goal: string;
  task: string;
  prompt: string | null;
  deadlineAt: string;
  onTimeout: 'approve' | 'reject';
}

/** What POST /goals/:goalId/tasks/:taskName/decision answers. */
export interface DecisionTaken {
  goalId: string;
  task: string;
  decision: Decision;
  goalState: string;
}

/** The request that decides an approval step. Pure, for tests. */
export function decisionRequest(
  plannerUrl: string,
  goalId: string,
  task: string,
  decision: Decision,
  comment: string | undefined,
): { url: string; body: string } {
  const trimmed = comment?.trim();
  return {
    url: `${plannerUrl}/goals/${encodeURIComponent(goalId)}/tasks/${encodeURIComponent(task)}/decision`,
    body: JSON.stringify({ decision, ...(trimmed ? { comment: trimmed } : {}) }),
  };
}

/** What a decision did, in a line. Pure, for tests. */
export function renderDecisionTaken(taken: DecisionTaken): string {
  const verb = taken.decision === 'approve' ? 'approved' : 'rejected';
  const next =
    taken.goalState === 'completed'
      ? 'the goal completed (`agora goal` shows its output)'
      : taken.goalState === 'failed'
        ? 'the goal failed as not_approved'
        : `the goal goes on (${taken.goalState})`;
  return `${verb} ${taken.task} of goal ${taken.goalId}: ${next}`;
}

/**
 * The approvals waiting for a person, the soonest due first: goal, step, what is asked, and
 * when the step decides by itself. Pure, for tests.
 */
export function renderDecisions(items: readonly PendingDecision[], now: number): string[] {
  if (items.length === 0) return ['no decisions are waiting'];
  return items.flatMap((d, i) => {
    const due = Date.parse(d.deadlineAt) - now;
    const goal = d.goal.replace(/\s+/g, ' ').slice(0, 60);
    return [
      ...(i > 0 ? [''] : []),
      `${d.goalId}  ${d.task}  "${goal}"`,
      ...(d.prompt ? [`  ${d.prompt}`] : []),
      `  ${due > 0 ? `${humanDuration(due)} left` : 'due now'}, then ${d.onTimeout === 'approve' ? 'approved' : 'rejected'} by itself`,
      `  agora approve ${d.goalId} ${d.task} [--comment text]`,
      `  agora reject ${d.goalId} ${d.task} [--comment text]`,
    ];
  });
}

/** `agora approve|reject <goal> <task>`: decides an approval step that waits for a person. */
export async function decideCommand(
  env: CliEnv,
  decision: Decision,
  goalId: string,
  task: string,
  options: { comment?: string },
): Promise<number> {
  const { url, body } = decisionRequest(env.PLANNER_URL, goalId, task, decision, options.comment);
  const taken = await httpJson<DecisionTaken>('planner', url, {
    method: 'POST',
    body,
    headers: userHeader(),
  });
  console.log(renderDecisionTaken(taken));
  return 0;
}

/** `agora decisions`: the approvals waiting for a person, across goals. */
export async function decisionsCommand(env: CliEnv): Promise<number> {
  const { items } = await httpJson<{ items: PendingDecision[] }>(
    'planner',
    `${env.PLANNER_URL}/decisions`,
  );
  console.log(renderDecisions(items, Date.now()).join('\n'));
  return 0;
}
