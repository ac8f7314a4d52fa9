import { outputKinds } from '@agora/contracts';
import type { CliEnv } from '../cli-config';
import { httpJson } from '../connect';
import { bold, dim, renderMarkdown, stdoutStyle, type TerminalStyle } from '../terminal-markdown';

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

/** GET /goals/:id as the CLI uses it (the planner's API, which may send more). */
export interface GoalDetail {
  goalId: string;
  goal: string;
  workflow: string | null;
  planSource: string | null;
  state: string;
  output: string | null;
  failure: { code: string; reason: string; taskId: string | null } | null;
  waiting: { name: string; capability: string; reason: string }[];
  usage: {
    tasks: number;
    attempts: number;
    durationMs: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
  };
  /** The trace the goal's events belong to, when the planner knows it. */
  traceId?: string | null;
  createdAt: string;
  finishedAt: string | null;
  tasks: {
    name: string;
    capability: string;
    state: string;
    attempts: number;
    maxAttempts: number;
    auction: { agentId: string; score: number | null } | null;
    evaluation: { verdict: string; score: number | null; feedback: string | null } | null;
  }[];
}

/** `agora goal <id>`: one goal, readable; `--json` prints the planner's answer as it is. */
export async function goalCommand(
  env: CliEnv,
  id: string,
  options: { json?: boolean } = {},
): Promise<number> {
  const goal = await httpJson<GoalDetail>(
    'planner',
    `${env.PLANNER_URL}/goals/${encodeURIComponent(id)}`,
  );
  console.log(
    options.json
      ? JSON.stringify(goal, null, 2)
      : renderGoal(goal, Date.now(), stdoutStyle()).join('\n'),
  );
  return 0;
}

/** "12 s", "4 min", "3 h", "2 d". */
export function humanDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/** Left-aligned columns, two spaces apart. */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * One goal for a person: a summary (state, workflow, age, cost, trace), a table of its tasks,
 * what it waits for or why it failed, and its output rendered as Markdown. Pure, for tests.
 */
export function renderGoal(goal: GoalDetail, now: number, style: TerminalStyle): string[] {
  const { color } = style;
  const created = Date.parse(goal.createdAt);
  const workflow = goal.workflow
    ? `${goal.workflow}${goal.planSource && goal.planSource !== 'workflow' ? ` (planned by the ${goal.planSource})` : ''}`
    : goal.planSource === 'model'
      ? 'none (planned by the model)'
      : goal.planSource === 'inline'
        ? 'none (its own plan)'
        : 'none';
  const ran = goal.finishedAt ? `, ran ${humanDuration(goal.usage.durationMs)}` : '';
  const tokens = goal.usage.inputTokens + goal.usage.outputTokens;
  const summary: string[][] = [
    ['state', bold(color, goal.state)],
    ['workflow', workflow],
    ['age', `${humanDuration(now - created)} (submitted ${goal.createdAt})${ran}`],
    [
      'cost',
      `$${goal.usage.costUsd.toFixed(4)}; ${goal.usage.tasks} task${goal.usage.tasks === 1 ? '' : 's'}, ` +
        `${goal.usage.attempts} attempt${goal.usage.attempts === 1 ? '' : 's'}${tokens > 0 ? `, ${tokens} tokens` : ''}`,
    ],
    ...(goal.traceId ? [['trace', goal.traceId]] : []),
  ];
  const lines = [
    `${bold(color, `goal ${goal.goalId}`)}`,
    ...wrapGoalText(goal.goal),
    '',
    ...table(summary),
  ];
  if (goal.failure) {
    lines.push('', `failed (${goal.failure.code}): ${goal.failure.reason}`);
  }
  for (const w of goal.waiting) {
    lines.push(`waiting: ${w.name} [${w.capability}]: ${w.reason}`);
  }
  if (goal.tasks.length > 0) {
    const rows = [
      ['task', 'capability', 'state', 'attempt', 'agent', 'score'],
      ...goal.tasks.map((t) => [
        t.name,
        t.capability,
        t.state,
        `${t.attempts}/${t.maxAttempts}`,
        t.auction?.agentId ?? '-',
        t.evaluation?.score !== null && t.evaluation?.score !== undefined
          ? t.evaluation.score.toFixed(2)
          : '-',
      ]),
    ];
    const [head, ...body] = table(rows);
    lines.push('', dim(color, head ?? ''), ...body);
    for (const t of goal.tasks) {
      if (t.evaluation?.verdict === 'REJECTED' && t.evaluation.feedback) {
        lines.push(`  ${t.name} rejected: ${t.evaluation.feedback}`);
      }
    }
  }
  if (goal.output) {
    lines.push('', dim(color, '─'.repeat(Math.min(style.width, 60))), '');
    // A goal ending on a step other than a report or a text answers with that step's JSON; a
    // person reads it rendered by its kind.
    lines.push(...renderMarkdown(outputKinds.toMarkdown(goal.output), style));
  }
  return lines;
}

function wrapGoalText(text: string): string[] {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return [`"${oneLine.length > 300 ? `${oneLine.slice(0, 299)}…` : oneLine}"`];
}
