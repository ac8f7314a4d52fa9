import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api';
import type { PendingDecisionRow } from '../api-types';
import { DecisionForm } from '../components/decision-form';
import { ErrorBanner } from '../components/error-banner';
import { formatAge, formatDuration } from '../format';
import { useNow, useResource } from '../hooks';
import { useLiveEvent, useLiveReconnect } from '../live';
import { formatRoute } from '../route';

/** Goal changes come in bursts under load: ask for the list once per burst. */
const REFETCH_DEBOUNCE_MS = 500;

function PendingDecision({
  row,
  now,
  onDecided,
}: {
  row: PendingDecisionRow;
  now: number;
  onDecided: () => void;
}) {
  const dueIn = row.dueAt - now;
  return (
    <section class="card decision-card" data-task-id={row.taskId}>
      <header class="panel-header">
        <h3>{row.taskName}</h3>
        <a href={formatRoute({ page: 'goal', goalId: row.goalId, taskId: row.taskId })}>
          {row.goal || row.goalId}
        </a>
        {row.workflow && <span class="chip">{row.workflow}</span>}
      </header>
      {row.prompt && <p class="decision-prompt wrap">{row.prompt}</p>}
      <p class="meta-line">
        <span title={new Date(row.requestedAt).toLocaleString()}>
          waiting {formatAge(row.requestedAt, now)}
        </span>
        <span title={new Date(row.dueAt).toLocaleString()}>
          {dueIn > 0
            ? `${row.onTimeout === 'approve' ? 'approves' : 'rejects'} by itself in ${formatDuration(dueIn)}`
            : `${row.onTimeout === 'approve' ? 'approving' : 'rejecting'} by its timeout`}
        </span>
        <span class="mono muted">{row.goalId}</span>
      </p>
      <DecisionForm goalId={row.goalId} taskName={row.taskName} onDecided={onDecided} />
    </section>
  );
}

/** Approval steps waiting for a person, the longest-waiting first, each with its answer. */
export function DecisionsPage() {
  const now = useNow();
  const decisions = useResource('decisions', () => api.decisions().then((r) => r.decisions));
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const soon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(decisions.reload, REFETCH_DEBOUNCE_MS);
  };
  useLiveEvent('goal', soon);
  useLiveEvent('swarm', (swarm) => {
    if (decisions.data && swarm.pendingDecisions !== decisions.data.length) soon();
  });
  useLiveReconnect(decisions.reload);
  const rows = decisions.data;
  return (
    <div class="page">
      <div class="page-header">
        <h1>Decisions</h1>
        {rows && <span class="muted">{rows.length} waiting for a person</span>}
      </div>
      <ErrorBanner error={decisions.error} onRetry={decisions.reload} />
      {rows === undefined ? (
        decisions.error === undefined && <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">
          Nothing waits for a person. Approval steps (capability <span class="mono">approval</span>)
          show up here as soon as their goal reaches them.
        </p>
      ) : (
        rows.map((row) => (
          <PendingDecision key={row.taskId} row={row} now={now} onDecided={decisions.reload} />
        ))
      )}
    </div>
  );
}
