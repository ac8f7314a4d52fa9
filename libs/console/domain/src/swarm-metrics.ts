import type { SwarmView } from './console-views';

/** Width of one bucket of the goal series. */
export const SERIES_BUCKET_MS = 10_000;
/** How far back the goal series reaches. */
export const SERIES_WINDOW_MS = 10 * 60_000;
/** Allocation latencies the percentiles are taken over: those of the latest awards. */
export const ALLOCATION_SAMPLES = 500;
/** Throughput counts what completed within this much of now. */
const THROUGHPUT_WINDOW_MS = 60_000;

type SeriesKind = 'submitted' | 'completed' | 'failed';
type Bucket = Record<SeriesKind, number>;

/** Nearest-rank percentile of ascending values; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/**
 * The swarm's figures over time, fed by the read model. Times are the events' own (occurredAt),
 * so a console rebuilding from the topics puts old events in old buckets, outside the window,
 * rather than counting them as happening now. Callers count each goal's submission and end once.
 */
export class SwarmMetrics {
  private readonly buckets = new Map<number, Bucket>();
  private goalCompletions: number[] = [];
  private taskCompletions: number[] = [];
  /** Ascending by award time. */
  private readonly allocations: { at: number; ms: number }[] = [];

  constructor(private readonly clock: () => number) {}

  goal(kind: SeriesKind, at: number): void {
    const now = this.clock();
    if (at < now - SERIES_WINDOW_MS - SERIES_BUCKET_MS) return;
    const start = Math.floor(at / SERIES_BUCKET_MS) * SERIES_BUCKET_MS;
    let bucket = this.buckets.get(start);
    if (!bucket) {
      bucket = { submitted: 0, completed: 0, failed: 0 };
      this.buckets.set(start, bucket);
      this.prune(now);
    }
    bucket[kind] += 1;
    if (kind === 'completed' && at > now - THROUGHPUT_WINDOW_MS) {
      this.goalCompletions.push(at);
    }
  }

  taskCompleted(at: number): void {
    const now = this.clock();
    if (at <= now - THROUGHPUT_WINDOW_MS) return;
    this.taskCompletions.push(at);
    if (this.taskCompletions.length % 1000 === 0) this.prune(now);
  }

  /** One attempt's time from TaskReady to TaskAwarded (clamped at 0 against clock skew). */
  allocation(awardedAt: number, latencyMs: number): void {
    const sample = { at: awardedAt, ms: Math.max(0, latencyMs) };
    let low = 0;
    let high = this.allocations.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.allocations[mid]?.at ?? 0) <= awardedAt) low = mid + 1;
      else high = mid;
    }
    this.allocations.splice(low, 0, sample);
    if (this.allocations.length > ALLOCATION_SAMPLES) {
      this.allocations.splice(0, this.allocations.length - ALLOCATION_SAMPLES);
    }
  }

  view(now: number): Pick<SwarmView, 'throughput' | 'series' | 'allocation'> {
    this.prune(now);
    const recent = (times: number[]) => times.filter((t) => t > now - THROUGHPUT_WINDOW_MS).length;
    const last = Math.floor(now / SERIES_BUCKET_MS) * SERIES_BUCKET_MS;
    const count = SERIES_WINDOW_MS / SERIES_BUCKET_MS;
    const series: SwarmView['series'] = [];
    for (let i = count - 1; i >= 0; i--) {
      const at = last - i * SERIES_BUCKET_MS;
      const bucket = this.buckets.get(at);
      series.push({
        at,
        submitted: bucket?.submitted ?? 0,
        completed: bucket?.completed ?? 0,
        failed: bucket?.failed ?? 0,
      });
    }
    const latencies = this.allocations.map((a) => a.ms).sort((a, b) => a - b);
    return {
      throughput: {
        goalsPerMinute: recent(this.goalCompletions),
        tasksPerMinute: recent(this.taskCompletions),
      },
      series,
      allocation: {
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        samples: latencies.length,
      },
    };
  }

  private prune(now: number): void {
    const oldest = now - SERIES_WINDOW_MS - SERIES_BUCKET_MS;
    for (const start of this.buckets.keys()) if (start < oldest) this.buckets.delete(start);
    this.goalCompletions = this.goalCompletions.filter((t) => t > now - THROUGHPUT_WINDOW_MS);
    this.taskCompletions = this.taskCompletions.filter((t) => t > now - THROUGHPUT_WINDOW_MS);
  }
}
