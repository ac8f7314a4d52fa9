import { linePoints } from '../chart-scale';

/**
 * A small line of values over time, scaled to at least 0..1 (reputation's range), so a flat
 * line near the top means a good, steady score rather than a blown-up wobble.
 */
export function Sparkline({
  values,
  width = 96,
  height = 20,
  label,
}: {
  values: readonly number[];
  width?: number;
  height?: number;
  label: string;
}) {
  if (values.length === 0) return <span class="muted">—</span>;
  const range = { min: Math.min(0, ...values), max: Math.max(1, ...values) };
  const points = linePoints(
    values.length === 1 ? [values[0]!, values[0]!] : values,
    width,
    height - 2,
    range,
  );
  const last = points.split(' ').at(-1)?.split(',') ?? [];
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 -1 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <polyline points={points} />
      {last.length === 2 && <circle cx={last[0]} cy={last[1]} r="2" />}
    </svg>
  );
}
