import {
  doneByLabel,
  OFFLINE_MODE_NOTE,
  outputKinds,
  type DoneBy,
  type WorkMode,
} from '@agora/contracts';
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
  /** What did the goal's work: the offline deterministic skills, a model, or both (planners before it: absent). */
  mode?: WorkMode | null;
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
    /** What did the latest attempt's work: a model or the offline skills; null before it completed. */
    doneBy?: DoneBy | null;
  }[];
}

/** One step of GET /goals/:id/steps: the journal of a model-driven attempt. */
export interface GoalStep {
  taskId: string;
  task: string | null;
  attempt: number;
  seq: number;
  agentId: string;
  kind: string;
  name: string | null;
  callId: string | null;
  arguments: unknown;
  result: string | null;
  usage: { durationMs: number; inputTokens: number; outputTokens: number } | null;
  replayedFrom: number | null;
}

/**
 * `agora goal <id>`: one goal, readable; `--steps` adds the journal of its model-driven attempts
 * (GET /goals/:id/steps); `--json` prints the planner's answers as they are (the steps under
 * `steps`).
 */
export async function goalCommand(
  env: CliEnv,
  id: string,
  options: { json?: boolean; steps?: boolean } = {},
): Promise<number> {
  const path = `${env.PLANNER_URL}/goals/${encodeURIComponent(id)}`;
  const goal = await httpJson<GoalDetail>('planner', path);
  const steps = options.steps
    ? (await httpJson<{ steps: GoalStep[] }>('planner', `${path}/steps`)).steps
    : undefined;
  if (options.json) {
    console.log(JSON.stringify(steps ? { ...goal, steps } : goal, null, 2));
    return 0;
  }
  const style = stdoutStyle();
  const lines = renderGoal(goal, Date.now(), style);
  if (steps) lines.push('', ...renderSteps(steps, style));
  console.log(lines.join('\n'));
  return 0;
}

/**
 * The journal of a goal's model-driven attempts, attempt by attempt: each model call (what the
 * model did, its tokens and time), tool call (the arguments) and tool result (what the model
 * got). Steps an attempt replayed from an earlier one's journal are summed up in one line, since
 * the earlier attempt lists them. Pure, for tests.
 */
export function renderSteps(steps: readonly GoalStep[], style: TerminalStyle): string[] {
  const { color } = style;
  if (steps.length === 0) {
    return ['steps: none (no task of this goal was done by a model)'];
  }
  const lines: string[] = [bold(color, 'steps')];
  const attempts = new Map<string, GoalStep[]>();
  for (const step of steps) {
    const key = `${step.taskId}#${step.attempt}`;
    attempts.set(key, [...(attempts.get(key) ?? []), step]);
  }
  for (const attempt of attempts.values()) {
    const first = attempt[0]!;
    const replayed = attempt.filter((s) => s.replayedFrom !== null);
    const own = attempt.filter((s) => s.replayedFrom === null);
    const from = [...new Set(replayed.map((s) => s.replayedFrom))].join(', ');
    lines.push(
      '',
      `${first.task ?? first.taskId}, attempt ${first.attempt} (${first.agentId})` +
        (replayed.length > 0 ? `, resumed from attempt ${from}` : ''),
    );
    const rows: string[][] = [];
    if (replayed.length > 0) {
      const seqs = replayed.map((s) => s.seq);
      const range = seqs.length === 1 ? `${seqs[0]}` : `${seqs[0]}-${seqs.at(-1)}`;
      rows.push([
        range,
        'replayed',
        `${count(replayed, 'model_call', 'model call')}, ${count(replayed, 'tool_call', 'tool call')} and their results, not done again`,
      ]);
    }
    for (const step of own) rows.push([String(step.seq), step.kind, stepText(step)]);
    lines.push(...table(rows).map((row) => `  ${row}`));
  }
  return lines;
}

function count(steps: readonly GoalStep[], kind: string, noun: string): string {
  const n = steps.filter((s) => s.kind === kind).length;
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What one step did, on one line. */
function stepText(step: GoalStep): string {
  const took = step.usage ? `  ${(step.usage.durationMs / 1000).toFixed(1)} s` : '';
  switch (step.kind) {
    case 'model_call': {
      const turn = parseTurn(step.result);
      const tokens = step.usage
        ? `  ${step.usage.inputTokens}+${step.usage.outputTokens} tokens`
        : '';
      const did =
        turn.toolCalls.length > 0
          ? `calls ${turn.toolCalls.map((c) => c.name).join(', ')}`
          : `answers ${JSON.stringify(cut(turn.text.replace(/\s+/g, ' ').trim(), 60))}`;
      return `${step.name ?? 'model'}: ${did}${tokens}${took}`;
    }
    case 'tool_call':
      return `${step.name ?? '?'} ${cut(JSON.stringify(step.arguments ?? {}), 80)}`;
    case 'tool_result':
      return `${step.name ?? '?'} → ${cut((step.result ?? '').replace(/\s+/g, ' '), 80)}${took}`;
    default:
      return step.name ?? '';
  }
}

function parseTurn(result: string | null): { text: string; toolCalls: { name: string }[] } {
  try {
    const turn = JSON.parse(result ?? '') as { text?: unknown; toolCalls?: unknown };
    return {
      text: typeof turn.text === 'string' ? turn.text : '',
      toolCalls: Array.isArray(turn.toolCalls) ? (turn.toolCalls as { name: string }[]) : [],
    };
  } catch {
    return { text: result ?? '', toolCalls: [] };
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
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
  const mode = goal.mode
    ? workModeText(
        goal.mode,
        goal.tasks.map((t) => t.doneBy),
      )
    : null;
  const summary: string[][] = [
    ['state', bold(color, goal.state)],
    ['workflow', workflow],
    ['age', `${humanDuration(now - created)} (submitted ${goal.createdAt})${ran}`],
    [
      'cost',
      `$${goal.usage.costUsd.toFixed(4)}; ${goal.usage.tasks} task${goal.usage.tasks === 1 ? '' : 's'}, ` +
        `${goal.usage.attempts} attempt${goal.usage.attempts === 1 ? '' : 's'}${tokens > 0 ? `, ${tokens} tokens` : ''}`,
    ],
    ...(mode ? [['mode', mode]] : []),
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
      ['task', 'capability', 'state', 'attempt', 'agent', 'score', 'done by'],
      ...goal.tasks.map((t) => [
        t.name,
        t.capability,
        t.state,
        `${t.attempts}/${t.maxAttempts}`,
        t.auction?.agentId ?? '-',
        t.evaluation?.score !== null && t.evaluation?.score !== undefined
          ? t.evaluation.score.toFixed(2)
          : '-',
        doneByLabel(t.doneBy ?? null),
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

/**
 * Who did a goal's work, in words, from its mode and its tasks' `doneBy`: the offline mode is
 * named and explained, since its results only look like a model's. Pure, for tests.
 */
export function workModeText(
  mode: WorkMode,
  doneBy: readonly (DoneBy | null | undefined)[],
): string {
  const models = [...new Set(doneBy.flatMap((d) => (d?.mode === 'model' ? [d.model] : [])))];
  switch (mode) {
    case 'offline':
      return `offline (${OFFLINE_MODE_NOTE})`;
    case 'model':
      return `model (${models.join(', ')})`;
    case 'mixed': {
      const offline = doneBy.filter((d) => d?.mode === 'offline').length;
      return `mixed: ${offline} task${offline === 1 ? '' : 's'} offline (deterministic skills), the others by ${models.join(', ')}`;
    }
    default: {
      const unknown: never = mode;
      return String(unknown);
    }
  }
}

function wrapGoalText(text: string): string[] {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return [`"${oneLine.length > 300 ? `${oneLine.slice(0, 299)}…` : oneLine}"`];
}
