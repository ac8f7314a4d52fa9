/**
 * The sum of every sample of `metric` in a Prometheus text exposition, all label sets together;
 * undefined when the metric has no sample.
 */
export function metricTotal(exposition: string, metric: string): number | undefined {
  let total: number | undefined;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(metric)) continue;
    // Skip longer names that share the prefix (e.g. metric_bucket for a histogram called metric).
    const rest = line.slice(metric.length);
    if (!rest.startsWith('{') && !rest.startsWith(' ')) continue;
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    if (!Number.isNaN(value)) total = (total ?? 0) + value;
  }
  return total;
}
