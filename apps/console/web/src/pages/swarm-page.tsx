import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api';
import type { SwarmView } from '../api-types';
import { DEAD_LETTERS_SHOWN, DeadLettersTable } from '../components/dead-letters';
import { ErrorBanner } from '../components/error-banner';
import { SeriesChart } from '../components/series-chart';
import { formatDuration, formatNumber } from '../format';
import { useResource } from '../hooks';
import { useLiveEvent, useLiveReconnect } from '../live';

function Tile({
  id,
  label,
  value,
  hint,
  tone,
}: {
  /** The tile's data-testid. */
  id: string;
  label: string;
  value: string;
  hint?: string;
  tone?: string | undefined;
}) {
  return (
    <div class={`tile${tone ? ` tile-${tone}` : ''}`} data-testid={id}>
      <div class="tile-value">{value}</div>
      <div class="tile-label">{label}</div>
      {hint && <div class="tile-hint">{hint}</div>}
    </div>
  );
}

function Tiles({ swarm }: { swarm: SwarmView }) {
  const { goals, throughput, allocation } = swarm;
  return (
    <div class="tiles">
      <Tile
        id="goals-running"
        label="goals running"
        value={String(goals.running)}
        tone="run"
        hint={`${goals.submitted} submitted`}
      />
      <Tile
        id="goals-completed"
        label="goals completed"
        value={String(goals.completed)}
        tone="ok"
      />
      <Tile
        id="goals-failed"
        label="goals failed"
        value={String(goals.failed)}
        tone={goals.failed > 0 ? 'bad' : undefined}
      />
      <Tile
        id="goals-per-minute"
        label="goals / min"
        value={formatNumber(throughput.goalsPerMinute, 1)}
      />
      <Tile
        id="tasks-per-minute"
        label="tasks / min"
        value={formatNumber(throughput.tasksPerMinute, 1)}
      />
      <Tile
        id="allocation-p50"
        label="allocation p50"
        value={formatDuration(allocation.p50Ms)}
        hint={`ready → awarded, ${allocation.samples} tasks`}
      />
      <Tile id="allocation-p99" label="allocation p99" value={formatDuration(allocation.p99Ms)} />
      <Tile
        id="dead-letters"
        label="dead letters"
        value={String(swarm.deadLetters)}
        tone={swarm.deadLetters > 0 ? 'bad' : undefined}
      />
    </div>
  );
}

function LagTable({ lag }: { lag: SwarmView['lag'] }) {
  if (lag.length === 0) return <p class="empty">No consumer groups reported.</p>;
  const sorted = [...lag].sort(
    (a, b) => b.lag - a.lag || a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic),
  );
  return (
    <div class="table-scroll">
      <table class="grid" data-testid="lag-table">
        <thead>
          <tr>
            <th>Group</th>
            <th>Topic</th>
            <th class="num">Lag</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((l) => (
            <tr key={`${l.group}/${l.topic}`}>
              <td class="mono">{l.group}</td>
              <td class="mono">{l.topic}</td>
              <td class={`num${l.lag > 0 ? ' wait-text' : ''}`}>{l.lag}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The swarm as a whole: throughput, allocation latency, consumer lag and the dead letters. */
export function SwarmPage() {
  const swarm = useResource('swarm', () => api.swarm());
  const deadLetters = useResource('dead-letters', () => api.deadLetters(DEAD_LETTERS_SHOWN));
  useLiveEvent('swarm', (view) => swarm.update(() => view));
  useLiveReconnect(() => {
    swarm.reload();
    deadLetters.reload();
  });
  // A new dead letter shows up in the list without a click.
  const seen = useRef<number | undefined>(undefined);
  const count = swarm.data?.deadLetters;
  useEffect(() => {
    if (count === undefined) return;
    if (seen.current !== undefined && count !== seen.current) deadLetters.reload();
    seen.current = count;
  }, [count, deadLetters.reload]);

  const view = swarm.data;
  return (
    <div class="page">
      <div class="page-header">
        <h1>Swarm</h1>
        {view && <span class="muted">as of {new Date(view.now).toLocaleTimeString()}</span>}
      </div>
      <ErrorBanner error={swarm.error} onRetry={swarm.reload} />
      {view ? (
        <>
          <Tiles swarm={view} />
          <div class="columns columns-wide-left">
            <section class="card">
              <h2>Goals over the last 10 minutes</h2>
              <SeriesChart series={view.series} />
            </section>
            <section class="card">
              <h2>Consumer lag</h2>
              <LagTable lag={view.lag} />
            </section>
          </div>
        </>
      ) : (
        swarm.error === undefined && <p class="muted">Loading…</p>
      )}
      <section class="card">
        <div class="section-header">
          <h2>Dead letters</h2>
          <button
            type="button"
            class="small-button"
            onClick={deadLetters.reload}
            disabled={deadLetters.loading}
          >
            Refresh
          </button>
        </div>
        <ErrorBanner error={deadLetters.error} onRetry={deadLetters.reload} />
        {deadLetters.data ? (
          <DeadLettersTable items={deadLetters.data.items} total={deadLetters.data.total} />
        ) : (
          deadLetters.error === undefined && <p class="muted">Loading…</p>
        )}
      </section>
    </div>
  );
}
