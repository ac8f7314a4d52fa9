import { useEffect, useState } from 'preact/hooks';
import { api, GOALS_LIMIT } from '../api';
import { goalStates, type GoalRow, type GoalState } from '../api-types';
import { ErrorBanner } from '../components/error-banner';
import { GoalStateBadge } from '../components/state-badge';
import { SubmitGoalForm } from '../components/submit-goal-form';
import { formatAge, formatCost, formatDuration } from '../format';
import { applyGoalChange } from '../goals-list';
import { navigate, useDebounced, useNow, useResource } from '../hooks';
import { useLiveEvent, useLiveReconnect } from '../live';
import { formatRoute, type GoalFilter } from '../route';

// The form is open until someone closes it; the browser remembers that choice.
const FORM_HIDDEN_KEY = 'agora.console.submit-form-hidden';

function formHiddenByUser(): boolean {
  try {
    return localStorage.getItem(FORM_HIDDEN_KEY) === 'true';
  } catch {
    return false;
  }
}

function rememberFormHidden(hidden: boolean): void {
  try {
    if (hidden) localStorage.setItem(FORM_HIDDEN_KEY, 'true');
    else localStorage.removeItem(FORM_HIDDEN_KEY);
  } catch {
    // Storage refused (private mode): the choice lasts until the page is left.
  }
}

function GoalRowView({ row, now }: { row: GoalRow; now: number }) {
  const { total, accepted } = row.tasks;
  return (
    <tr data-goal-id={row.goalId} data-state={row.state}>
      <td>
        <GoalStateBadge state={row.state} />
      </td>
      <td class="goal-cell">
        <a
          href={formatRoute({ page: 'goal', goalId: row.goalId })}
          class="goal-link"
          title={row.goal}
        >
          {row.goal}
        </a>
        <div class="muted mono small">{row.goalId}</div>
        {row.failure && (
          <div class="bad-text small" title={row.failure.reason}>
            {row.failure.code}: {row.failure.reason}
          </div>
        )}
      </td>
      <td class="mono">{row.workflow ?? <span class="muted">—</span>}</td>
      <td class="num nowrap" title={new Date(row.createdAt).toLocaleString()}>
        {formatAge(row.createdAt, now)}
      </td>
      <td class="num nowrap">{formatDuration((row.finishedAt ?? now) - row.createdAt)}</td>
      <td class="num">{formatCost(row.costUsd)}</td>
      <td class="num nowrap">
        <div class="mini-bar" title={`${accepted} of ${total} tasks accepted`}>
          <div style={{ width: `${total > 0 ? (100 * accepted) / total : 0}%` }} />
        </div>
        {accepted}/{total}
      </td>
    </tr>
  );
}

/** Every goal, newest first, live; with filters and the form to submit one. */
export function GoalsPage({ filter }: { filter: GoalFilter }) {
  const now = useNow();
  const key = JSON.stringify(filter);
  const goals = useResource(key, () => api.goals(filter).then((r) => r.goals));
  const workflows = useResource('workflows', () => api.workflows().then((r) => r.items));
  const [formOpen, setFormOpen] = useState(() => !formHiddenByUser());
  const [text, setText] = useState(filter.q ?? '');
  const settledText = useDebounced(text, 300);

  useLiveEvent('goal', (row) =>
    goals.update((rows) => rows && applyGoalChange(rows, row, filter, GOALS_LIMIT)),
  );
  useLiveReconnect(goals.reload);

  const setFilter = (change: Partial<GoalFilter>) => {
    const next: GoalFilter = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof GoalFilter)[]) if (!next[k]) delete next[k];
    navigate({ page: 'goals', filter: next }, { replace: true });
  };
  useEffect(() => {
    if ((settledText.trim() || undefined) !== filter.q) setFilter({ q: settledText.trim() });
  }, [settledText]);
  // The hash moving by itself (Back, a link) resets the box; typing moves the hash above.
  useEffect(() => {
    if ((text.trim() || undefined) !== filter.q) setText(filter.q ?? '');
  }, [filter.q]);

  const rows = goals.data;
  const filtered = Boolean(filter.state || filter.workflow || filter.q);
  const workflowNames = (workflows.data ?? []).map((w) => w.name);
  if (filter.workflow && !workflowNames.includes(filter.workflow))
    workflowNames.push(filter.workflow);
  // With no goal at all, the form is what the page is for: it stays open.
  const noGoals = rows !== undefined && rows.length === 0 && !filtered;
  const showForm = formOpen || noGoals;
  const toggleForm = () => {
    rememberFormHidden(showForm);
    setFormOpen(!showForm);
  };

  return (
    <div class="page">
      <div class="page-header">
        <h1>Goals</h1>
        {!noGoals && (
          <button
            type="button"
            class={showForm ? 'small-button' : 'primary-button'}
            onClick={toggleForm}
          >
            {showForm ? 'Hide the form' : 'Submit a goal'}
          </button>
        )}
      </div>
      {showForm && (
        <section class="card">
          <h2>Submit a goal</h2>
          <SubmitGoalForm
            workflows={workflows.data ?? []}
            workflowsError={workflows.error}
            onSubmitted={(goalId) => navigate({ page: 'goal', goalId })}
          />
        </section>
      )}
      <div class="filters">
        <label>
          State{' '}
          <select
            value={filter.state ?? ''}
            onChange={(e) =>
              setFilter({ state: (e.currentTarget.value || undefined) as GoalState | undefined })
            }
          >
            <option value="">any</option>
            {goalStates.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Workflow{' '}
          <select
            value={filter.workflow ?? ''}
            onChange={(e) => setFilter({ workflow: e.currentTarget.value || undefined })}
          >
            <option value="">any</option>
            {workflowNames.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          class="search"
          placeholder="Search goal text or id"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        {filtered && (
          <button
            type="button"
            class="link-button"
            onClick={() => navigate({ page: 'goals', filter: {} }, { replace: true })}
          >
            Clear filters
          </button>
        )}
        <span class="muted right">
          {rows ? `${rows.length}${rows.length >= GOALS_LIMIT ? '+' : ''} goals` : ''}
        </span>
      </div>
      <ErrorBanner error={goals.error} onRetry={goals.reload} />
      {rows === undefined ? (
        goals.error === undefined && <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">
          {filtered ? 'No goal matches these filters.' : 'No goals yet — submit one.'}
        </p>
      ) : (
        <div class="table-scroll">
          <table class="grid goals">
            <thead>
              <tr>
                <th>State</th>
                <th>Goal</th>
                <th>Workflow</th>
                <th class="num">Submitted</th>
                <th class="num">Duration</th>
                <th class="num">Cost</th>
                <th class="num">Tasks</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <GoalRowView key={row.goalId} row={row} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
