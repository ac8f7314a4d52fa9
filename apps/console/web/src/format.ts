/*
 * How the console writes times, durations and money: short, fixed-width enough to scan down a
 * column, and never "NaN" (a missing value is a dash).
 */

const DASH = '—';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `850 ms`, `4.2 s`, `3 m 05 s`, `2 h 10 m`, `3 d 4 h`; a dash for a missing or negative value. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR)
    return `${Math.floor(ms / MINUTE)} m ${pad2(Math.floor((ms % MINUTE) / SECOND))} s`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${pad2(Math.floor((ms % HOUR) / MINUTE))} m`;
  return `${Math.floor(ms / DAY)} d ${Math.floor((ms % DAY) / HOUR)} h`;
}

/** How long ago `at` was, at `now`: `12 s ago`; `just now` under a second (clocks drift). */
export function formatAge(at: number, now: number): string {
  const ms = now - at;
  if (ms < SECOND) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/**
 * US dollars with enough digits to tell small model costs apart: `$0`, `$0.0042`, `$0.12`,
 * `$12.50`; `<$0.0001` for a cost too small to show, rather than a misleading `$0.0000`.
 */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return DASH;
  if (usd === 0) return '$0';
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs < 0.0001) return `${sign}<$0.0001`;
  if (abs < 0.01) return `${sign}$${abs.toFixed(4)}`;
  if (abs < 1) return `${sign}$${abs.toFixed(3)}`;
  return `${sign}$${abs.toFixed(2)}`;
}

/** A time offset from a start: `+0 ms`, `+1.250 s`, `+2 m 05 s`. */
export function formatOffset(ms: number): string {
  if (ms < SECOND) return `+${Math.round(ms)} ms`;
  if (ms < MINUTE) return `+${(ms / SECOND).toFixed(3)} s`;
  return `+${formatDuration(ms)}`;
}

/** Local wall-clock time with milliseconds, `14:03:07.250`: events are often ms apart. */
export function formatClock(at: number): string {
  const d = new Date(at);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A number with at most `digits` decimals and no trailing zeros: `0.85`, `3`, a dash for null. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return String(Number(value.toFixed(digits)));
}

/** A ratio in 0..1 as a whole percentage: `42%`. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return `${Math.round(ratio * 100)}%`;
}
