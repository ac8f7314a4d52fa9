import { describe, expect, it } from 'vitest';
import { percentile, SERIES_BUCKET_MS, SwarmMetrics } from './swarm-metrics';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
  });
});

describe('SwarmMetrics', () => {
  it('puts events in the bucket of their own time and forgets those out of the window', () => {
    let now = 1_000_000_005;
    const metrics = new SwarmMetrics(() => now);
    metrics.goal('submitted', now - 1);
    metrics.goal('submitted', now - SERIES_BUCKET_MS - 1);
    metrics.goal('submitted', now - 3_600_000);
    metrics.taskCompleted(now - 30_000);
    metrics.taskCompleted(now - 90_000);
    let view = metrics.view(now);
    expect(view.series.map((b) => b.submitted).slice(-2)).toEqual([1, 1]);
    expect(view.series.reduce((n, b) => n + b.submitted, 0)).toBe(2);
    expect(view.throughput.tasksPerMinute).toBe(1);
    now += 11 * 60_000;
    view = metrics.view(now);
    expect(view.series.every((b) => b.submitted === 0)).toBe(true);
    expect(view.throughput).toEqual({ goalsPerMinute: 0, tasksPerMinute: 0 });
  });

  it('clamps a negative allocation latency (clocks of two hosts) to 0', () => {
    const metrics = new SwarmMetrics(() => 0);
    metrics.allocation(10, -5);
    expect(metrics.view(0).allocation).toEqual({ p50Ms: 0, p99Ms: 0, samples: 1 });
  });
});
