import { useEffect, useRef } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { GoalDetail } from '../api-types';
import { CancelGoal } from '../components/cancel-goal';
import { CopyButton } from '../components/copy-button';
import { WorkModeNote } from '../components/done-by';
import { Dag } from '../components/dag';
import { ErrorBanner } from '../components/error-banner';
import { MarkdownView } from '../components/markdown-view';
import { GoalStateBadge } from '../components/state-badge';
import { TaskPanel } from '../components/task-panel';
import { Timeline } from '../components/timeline';
import { formatAge, formatCost, formatDuration } from '../format';
import { navigate, useNow, useResource } from '../hooks';
import { useLiveEvent, useLiveReconnect } from '../live';
import { taskOutputMarkdown } from '../task-output';

/** Live changes of a goal come in bursts (a task awarded, started, progressing): fetch once per burst. */
const REFETCH_DEBOUNCE_MS = 250;
/** A goal just submitted may not have reached the console's read model yet: ask again this often. */
const NOT_SEEN_RETRY_MS = 2000;

function Header({
  goal,
  now,
  onChanged,
}: {
  goal: GoalDetail;
  now: number;
  onChanged: () => void;
}) {
  const accepted = goal.tasks.filter((t) => t.state === 'accepted').length;
  const finished = goal.finishedAt !== null;
  return (
    <section class="card goal-header">
      <div class="goal-title">
        <GoalStateBadge state={goal.state} />
        <h1 title={goal.goal}>{goal.goal}</h1>
      </div>
      <p class="meta-line">
        <span>
          workflow <b class="mono">{goal.workflow ?? '—'}</b>
        </span>
        <span title={new Date(goal.createdAt).toLocaleString()}>
          submitted {formatAge(goal.createdAt, now)}
        </span>
        <span>
          {finished ? 'took' : 'running for'}{' '}
          <b>{formatDuration((goal.finishedAt ?? now) - goal.createdAt)}</b>
        </span>
        <span>
          cost <b>{formatCost(goal.costUsd)}</b>
        </span>
        <span>
          tasks <b>{accepted}</b>/{goal.tasks.length} accepted
        </span>
        <span>priority {goal.priority}</span>
        {goal.planSource && <span>plan from {goal.planSource}</span>}
        <WorkModeNote mode={goal.mode} />
        {goal.usage && (
          <span>
            {goal.usage.attempts} attempts, {goal.usage.inputTokens} tokens in /{' '}
            {goal.usage.outputTokens} out
          </span>
        )}
      </p>
      <p class="meta-line">
        <span class="mono">goal {goal.goalId}</span>
        <CopyButton text={goal.goalId} />
        {goal.traceId ? (
          <>
            <span class="mono">trace {goal.traceId}</span>
            <CopyButton text={goal.traceId} label="Copy trace id" />
          </>
        ) : (
          <span class="muted">no trace id</span>
        )}
      </p>
      {!finished && <CancelGoal goalId={goal.goalId} onCancelled={onChanged} />}
      {goal.failure && (
        <div class="banner banner-error">
          <b class="mono">{goal.failure.code}</b> {goal.failure.reason}
        </div>
      )}
      {Object.keys(goal.inputs).length > 0 && (
        <dl class="inputs">
          {Object.entries(goal.inputs).map(([k, v]) => (
            <div key={k}>
              <dt class="mono">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** One goal: its plan as a live graph, the selected task's auction and result, and its timeline. */
export function GoalPage({ goalId, taskId }: { goalId: string; taskId: string | undefined }) {
  const now = useNow();
  const goal = useResource(goalId, () => api.goal(goalId));
  const notSeen = goal.error instanceof ApiError && goal.error.status === 404;

  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveEvent('goal', (row) => {
    if (row.goalId !== goalId) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(goal.reload, REFETCH_DEBOUNCE_MS);
  });
  useLiveReconnect(goal.reload);
  useEffect(() => {
    if (!notSeen) return;
    const retry = setTimeout(goal.reload, NOT_SEEN_RETRY_MS);
    return () => clearTimeout(retry);
  }, [notSeen, goal.error, goal.reload]);

  const select = (id: string) => navigate({ page: 'goal', goalId, taskId: id }, { replace: true });
  // A second click on the selected node lets it go.
  const toggle = (id: string) =>
    navigate({ page: 'goal', goalId, ...(id === taskId ? {} : { taskId: id }) }, { replace: true });

  const detail = goal.data;
  if (!detail) {
    if (notSeen) {
      return (
        <div class="page">
          <p class="empty">
            Goal <span class="mono">{goalId}</span> has not reached the console yet; looking again
            every few seconds.
          </p>
        </div>
      );
    }
    return (
      <div class="page">
        <ErrorBanner error={goal.error} onRetry={goal.reload} />
        {goal.error === undefined && <p class="muted">Loading…</p>}
      </div>
    );
  }
  const task = detail.tasks.find((t) => t.taskId === taskId);
  return (
    <div class="page">
      {!notSeen && <ErrorBanner error={goal.error} onRetry={goal.reload} />}
      <Header goal={detail} now={now} onChanged={goal.reload} />
      <section class="card">
        <h2>
          Plan <span class="muted small">click a task to see its auction and result</span>
        </h2>
        <Dag tasks={detail.tasks} selected={taskId} onSelect={toggle} />
      </section>
      <div class="columns columns-task">
        <section class="card">
          {task ? (
            <TaskPanel task={task} goalId={goalId} />
          ) : (
            <p class="empty">Select a task in the graph or the timeline.</p>
          )}
        </section>
        <section class="card">
          <h2>Output</h2>
          {detail.output !== null ? (
            <MarkdownView source={taskOutputMarkdown(detail.output)} testId="goal-output" />
          ) : (
            <p class="empty">
              {detail.state === 'failed' ? 'The goal failed without an output.' : 'No output yet.'}
            </p>
          )}
        </section>
      </div>
      <section class="card">
        <h2>
          Timeline <span class="muted small">{detail.timeline.length} events</span>
        </h2>
        <Timeline entries={detail.timeline} selectedTask={taskId} onSelectTask={select} />
      </section>
    </div>
  );
}
