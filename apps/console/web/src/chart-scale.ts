/** A line through values scaled into a width × height box, as SVG polyline points. */
export function linePoints(
  values: readonly number[],
  width: number,
  height: number,
  range: { min: number; max: number } = {
    min: Math.min(...values),
    max: Math.max(...values),
  },
): string {
  if (values.length === 0) return '';
  const span = range.max - range.min;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const r = (n: number): number => Math.round(n * 10) / 10;
  return values
    .map((v, i) => {
      // A flat line sits in the middle rather than on an edge.
      const y = span === 0 ? height / 2 : height - ((v - range.min) / span) * height;
      return `${r(i * step)},${r(y)}`;
    })
    .join(' ');
}

/** A round upper bound for an axis: 1, 2, 5, 10, 20, 50 … at or above `max`. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}
