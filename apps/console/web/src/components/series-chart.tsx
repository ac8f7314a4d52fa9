import type { SwarmView } from '../api-types';
import { linePoints, niceCeiling } from '../chart-scale';

const lines = [
  { key: 'submitted', label: 'submitted' },
  { key: 'completed', label: 'completed' },
  { key: 'failed', label: 'failed' },
] as const;

const W = 720;
const H = 180;
const PAD = { left: 36, right: 8, top: 8, bottom: 20 };

/** Goals submitted, completed and failed per 10 s bucket, over the series' window. */
export function SeriesChart({ series }: { series: SwarmView['series'] }) {
  if (series.length === 0) return <p class="empty">No goals in the last 10 minutes.</p>;
  const max = niceCeiling(Math.max(...series.flatMap((b) => [b.submitted, b.completed, b.failed])));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const first = series[0]?.at ?? 0;
  const last = series.at(-1)?.at ?? first;
  const minutes = Math.round((last - first) / 60_000);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Goals per 10 seconds">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              class="grid-line"
              x1={PAD.left}
              x2={W - PAD.right}
              y1={PAD.top + plotH * (1 - f)}
              y2={PAD.top + plotH * (1 - f)}
            />
            <text class="axis" x={PAD.left - 6} y={PAD.top + plotH * (1 - f) + 4} text-anchor="end">
              {Number((max * f).toFixed(1))}
            </text>
          </g>
        ))}
        <text class="axis" x={PAD.left} y={H - 4}>
          {minutes > 0 ? `−${minutes} min` : ''}
        </text>
        <text class="axis" x={W - PAD.right} y={H - 4} text-anchor="end">
          now
        </text>
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          {lines.map(({ key }) => (
            <polyline
              key={key}
              class={`series series-${key}`}
              points={linePoints(
                series.map((b) => b[key]),
                plotW,
                plotH,
                { min: 0, max },
              )}
            />
          ))}
        </g>
      </svg>
      <figcaption class="legend">
        {lines.map(({ key, label }) => (
          <span key={key}>
            <i class={`swatch series-${key}`} /> {label}
          </span>
        ))}
        <span class="muted">per 10 s</span>
      </figcaption>
    </figure>
  );
}
