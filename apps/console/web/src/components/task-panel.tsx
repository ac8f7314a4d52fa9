import { useEffect, useState } from 'preact/hooks';
import type { AttemptDetail, TaskDetail } from '../api-types';
import { formatClock, formatCost, formatDuration, formatNumber, formatPercent } from '../format';
import { BidsTable } from './bids-table';
import { DecisionForm } from './decision-form';
import { DoneByChip } from './done-by';
import { taskOutputMarkdown } from '../task-output';
import { MarkdownView } from './markdown-view';
import { TaskStateBadge } from './state-badge';

function Result({ attempt }: { attempt: AttemptDetail }) {
  const { result } = attempt;
  if (!result) return null;
  if (result.kind === 'failed') {
    return (
      <section class="box box-bad">
        <h4>
          Failed <span class="mono">{result.code}</span>
          {result.retriable ? <span class="tag">retriable</span> : <span class="tag">fatal</span>}
        </h4>
        <p class="wrap">{result.reason}</p>
        <p class="meta-line">
          <span>agent {result.agentId ?? '—'}</span>
          <span>at {formatClock(result.at)}</span>
        </p>
      </section>
    );
  }
  const { usage } = result;
  return (
    <section>
      <h4>Result</h4>
      <p class="meta-line">
        <span>
          agent <b class="mono">{result.agentId}</b>
        </span>
        <span>took {formatDuration(usage.durationMs)}</span>
        <span>cost {formatCost(usage.costUsd)}</span>
        <span>
          tokens {usage.inputTokens} in / {usage.outputTokens} out
        </span>
        {usage.model && <span class="mono">{usage.model}</span>}
        <span>at {formatClock(result.at)}</span>
      </p>
      <MarkdownView source={taskOutputMarkdown(result.output)} testId="task-output" />
    </section>
  );
}

function Attempt({ attempt }: { attempt: AttemptDetail }) {
  const { waiting, award, progress, evaluation } = attempt;
  return (
    <div class="attempt">
      {attempt.feedback && (
        <section class="box box-wait">
          <h4>Feedback from the previous attempt</h4>
          <p class="wrap">{attempt.feedback}</p>
        </section>
      )}
      <section>
        <h4>
          Auction
          {attempt.readyAt !== null && (
            <span class="muted"> · ready at {formatClock(attempt.readyAt)}</span>
          )}
        </h4>
        <BidsTable attempt={attempt} />
      </section>
      {waiting && (
        <section class="box box-wait">
          <h4>Waiting for an agent</h4>
          <p class="wrap">{waiting.reason}</p>
          <p class="meta-line">
            <span>capable {waiting.capableAgents}</span>
            <span>live {waiting.liveAgents}</span>
            <span>free slots {waiting.freeSlots}</span>
            <span>at {formatClock(waiting.at)}</span>
          </p>
        </section>
      )}
      {award && (
        <section>
          <h4>Award</h4>
          <p class="meta-line">
            <span>
              to <b class="mono">{award.agentId}</b>
            </span>
            <span>score {formatNumber(award.score, 3)}</span>
            <span>round {award.round}</span>
            <span>{award.bidders.length} bidders</span>
            <span>at {formatClock(award.at)}</span>
            {attempt.readyAt !== null && (
              <span>allocated in {formatDuration(award.at - attempt.readyAt)}</span>
            )}
          </p>
        </section>
      )}
      {progress && !attempt.result && (
        <section>
          <h4>Progress</h4>
          <div class="progress">
            <div
              class="progress-bar"
              style={{ width: `${Math.round((progress.progress ?? 0) * 100)}%` }}
            />
          </div>
          <p class="meta-line">
            <span>{formatPercent(progress.progress)}</span>
            {progress.message && <span>{progress.message}</span>}
            <span>at {formatClock(progress.at)}</span>
          </p>
        </section>
      )}
      <Result attempt={attempt} />
      {evaluation && (
        <section class={`box ${evaluation.verdict === 'ACCEPTED' ? 'box-ok' : 'box-bad'}`}>
          <h4>
            Evaluation: {evaluation.verdict}{' '}
            <span class="muted">score {formatNumber(evaluation.score)}</span>
          </h4>
          {evaluation.feedback && <p class="wrap">{evaluation.feedback}</p>}
        </section>
      )}
    </div>
  );
}

/** An approval step: what the person is asked, and the decision or a way to make it. */
function Decision({ task, goalId }: { task: TaskDetail; goalId: string }) {
  const { decision } = task;
  if (!decision) return <p class="empty">Not reached yet: it waits for its dependencies.</p>;
  const { decided } = decision;
  return (
    <div class="attempt">
      <section
        class={`box ${decided ? (decided.decision === 'approve' ? 'box-ok' : 'box-bad') : 'box-wait'}`}
      >
        <h4>
          {decided
            ? `${decided.decision === 'approve' ? 'Approved' : 'Rejected'} ${
                decided.timedOut
                  ? 'by its timeout'
                  : `by ${decided.decidedBy ?? 'an unnamed person'}`
              }`
            : "Waiting for a person's decision"}
        </h4>
        {decision.prompt && <p class="wrap">{decision.prompt}</p>}
        {decided?.comment && <p class="wrap">“{decided.comment}”</p>}
        <p class="meta-line">
          <span>asked at {formatClock(decision.requestedAt)}</span>
          {decided ? (
            <span>decided at {formatClock(decided.at)}</span>
          ) : (
            <span>
              {decision.onTimeout === 'approve' ? 'approves' : 'rejects'} by itself at{' '}
              {formatClock(decision.dueAt)}
            </span>
          )}
        </p>
      </section>
      {!decided && (
        <DecisionForm goalId={goalId} taskName={task.name} onDecided={() => undefined} />
      )}
    </div>
  );
}

/** Everything about one task: each attempt's auction, award, progress, result and evaluation. */
export function TaskPanel({ task, goalId }: { task: TaskDetail; goalId: string }) {
  const latest = task.attempts.at(-1)?.attempt;
  const [shown, setShown] = useState(latest);
  // Follow a new attempt as it starts, and start over on another task.
  useEffect(() => setShown(latest), [latest, task.taskId]);
  const attempt = task.attempts.find((a) => a.attempt === shown) ?? task.attempts.at(-1);
  return (
    <div class="task-panel">
      <header class="panel-header">
        <h3>{task.name}</h3>
        <TaskStateBadge state={task.state} />
        <span class="chip">{task.capability}</span>
        <DoneByChip doneBy={task.doneBy} />
        <span class="mono muted">{task.taskId}</span>
      </header>
      {task.dependsOn.length > 0 && <p class="meta-line">after {task.dependsOn.join(', ')}</p>}
      {task.attempts.length > 1 && (
        <div class="tabs" role="tablist">
          {task.attempts.map((a) => (
            <button
              key={a.attempt}
              type="button"
              role="tab"
              aria-selected={a.attempt === attempt?.attempt}
              class={a.attempt === attempt?.attempt ? 'tab tab-active' : 'tab'}
              onClick={() => setShown(a.attempt)}
            >
              Attempt {a.attempt}
              {a.evaluation?.verdict === 'REJECTED' || a.result?.kind === 'failed' ? ' ✕' : ''}
            </button>
          ))}
        </div>
      )}
      {task.decision || task.capability === 'approval' ? (
        <Decision task={task} goalId={goalId} />
      ) : attempt ? (
        <Attempt attempt={attempt} />
      ) : (
        <p class="empty">Not started: it waits for its dependencies.</p>
      )}
    </div>
  );
}
