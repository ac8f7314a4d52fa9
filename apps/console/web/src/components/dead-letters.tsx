import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import type { DeadLetterSummary, DeadLetterView, ReplayedDeadLetter } from '../api-types';
import { formatRoute } from '../route';
import { hexDump } from '../hex-dump';
import { useResource } from '../hooks';
import { ErrorBanner } from './error-banner';

/** How many dead letters the table lists, newest first. */
export const DEAD_LETTERS_SHOWN = 50;

function Bytes({ view }: { view: DeadLetterView }) {
  const { value } = view;
  switch (value.encoding) {
    case 'null':
      return <p class="muted">The record had no value.</p>;
    case 'avro':
      return (
        <>
          <p class="meta-line">
            <span>
              {value.eventType}, schema {value.schemaId}, {value.bytes} bytes (decoded)
            </span>
          </p>
          <pre class="code">{JSON.stringify(value.event, null, 2)}</pre>
        </>
      );
    case 'hex': {
      const lines = hexDump(value.hex);
      return (
        <>
          <p class="meta-line">
            <span>
              {value.bytes} bytes, not decoded: {value.reason}
            </span>
            {value.bytes > 512 && <span>first 512 shown</span>}
          </p>
          <pre class="code hexdump">
            {lines.map((l) => `${l.offset}  ${l.hex.padEnd(49)}  |${l.text}|`).join('\n')}
          </pre>
        </>
      );
    }
  }
}

function Detail({ position }: { position: string }) {
  const { data: view, error, reload } = useResource(position, () => api.deadLetter(position));
  if (error !== undefined) return <ErrorBanner error={error} onRetry={reload} />;
  if (!view) return <p class="muted">Loading…</p>;
  return (
    <div class="dead-letter-detail">
      <p class="meta-line">
        <span>
          key <span class="mono">{view.key ?? 'none'}</span>
        </span>
        {view.headers.map((h) => (
          <span key={h.key} class="mono">
            {h.key}={h.value ?? 'null'}
          </span>
        ))}
      </p>
      <Bytes view={view} />
      {view.errorStack && (
        <details>
          <summary>Stack</summary>
          <pre class="code">{view.errorStack}</pre>
        </details>
      )}
    </div>
  );
}

type ReplayState =
  | { state: 'running' }
  | { state: 'done'; to: ReplayedDeadLetter['to'] | null }
  | { state: 'failed'; message: string };

function ReplayOutcome({ outcome }: { outcome: ReplayState | undefined }) {
  if (!outcome) return null;
  switch (outcome.state) {
    case 'running':
      return <span class="muted">replaying…</span>;
    case 'done':
      return outcome.to ? (
        <span class="ok-text" title="Written back to its source topic">
          replayed → {outcome.to.topic} {outcome.to.partition}:{outcome.to.offset}
        </span>
      ) : (
        <span class="ok-text">replayed</span>
      );
    case 'failed':
      return <span class="bad-text">{outcome.message}</span>;
  }
}

/** The planner's dead letters: where each came from, why it failed, its bytes, and a replay. */
export function DeadLettersTable({
  items,
  total,
}: {
  items: readonly DeadLetterSummary[];
  total: number;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [replays, setReplays] = useState<Record<string, ReplayState>>({});
  const replay = (position: string) => {
    setReplays((r) => ({ ...r, [position]: { state: 'running' } }));
    api.replayDeadLetter(position).then(
      ({ replayed }) =>
        setReplays((r) => ({
          ...r,
          [position]: {
            state: 'done',
            to: replayed.find((x) => x.position === position)?.to ?? null,
          },
        })),
      (error: unknown) =>
        setReplays((r) => ({
          ...r,
          [position]: { state: 'failed', message: errorMessage(error) },
        })),
    );
  };
  if (items.length === 0) return <p class="empty">No dead letters: every message was handled.</p>;
  return (
    <div class="table-scroll">
      {total > items.length && (
        <p class="meta-line">
          The newest {items.length} of {total}.
        </p>
      )}
      <table class="grid">
        <thead>
          <tr>
            <th>Position</th>
            <th>Failed at</th>
            <th>Source</th>
            <th>Group</th>
            <th>Error</th>
            <th class="num">Attempts</th>
            <th>Goal</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((dl) => (
            <Fragment key={dl.position}>
              <tr>
                <td class="mono">{dl.position}</td>
                <td class="mono nowrap">{new Date(dl.failedAt).toLocaleString()}</td>
                <td>
                  <span class="mono">{dl.source.topic}</span>
                  <span class="muted mono">
                    {' '}
                    {dl.source.partition}:{dl.source.offset}
                  </span>
                  {dl.source.eventType && <div class="muted">{dl.source.eventType}</div>}
                </td>
                <td class="mono">{dl.consumerGroup}</td>
                <td class="wrap">
                  <span class="tag">{dl.classification}</span> <b>{dl.errorType}</b>:{' '}
                  {dl.errorMessage}
                </td>
                <td class="num">{dl.attempts}</td>
                <td class="mono nowrap">
                  {dl.goalId ? (
                    <a href={formatRoute({ page: 'goal', goalId: dl.goalId })}>
                      {dl.goalId.slice(0, 8)}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <div class="actions">
                    <button
                      type="button"
                      class="small-button"
                      onClick={() => setOpen(open === dl.position ? null : dl.position)}
                    >
                      {open === dl.position ? 'Hide' : 'Bytes'}
                    </button>
                    <button
                      type="button"
                      class="small-button"
                      disabled={replays[dl.position]?.state === 'running'}
                      onClick={() => replay(dl.position)}
                    >
                      Replay
                    </button>
                    <ReplayOutcome outcome={replays[dl.position]} />
                  </div>
                </td>
              </tr>
              {open === dl.position && (
                <tr class="detail-row">
                  <td colSpan={8}>
                    <Detail position={dl.position} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
