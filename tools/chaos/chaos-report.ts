import { broken, type ScenarioResult } from './chaos-run';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The per-scenario table, then each failed goal's reason. */
export function renderChaosReport(results: readonly ScenarioResult[]): string {
  const header = [
    'scenario',
    'injections',
    'goals',
    'completed',
    'failed',
    'never ended',
    'awarded twice',
    'accepted twice',
    'dead letters',
    'recovery p50 / max',
    'verdict',
  ];
  const rows = results.map((r) => {
    const sorted = [...r.recoveryMs].sort((a, b) => a - b);
    const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
    const max = sorted.at(-1) ?? 0;
    return [
      r.scenario,
      String(r.injections),
      String(r.submitted),
      String(r.completed),
      String(r.failures.length),
      String(r.neverTerminal),
      String(r.awardedTwice),
      String(r.acceptedTwice),
      String(r.deadLetters),
      `${seconds(p50)} / ${seconds(max)}`,
      broken(r) ? 'LOST OR DOUBLED' : 'ok',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line), ''];
  for (const r of results)
    out.push(`${r.scenario}: recovery is ${r.recoveryMeans}; ran ${r.seconds.toFixed(0)} s`);
  for (const r of results) {
    const reasons = new Map<string, number>();
    for (const f of r.failures) reasons.set(f, (reasons.get(f) ?? 0) + 1);
    for (const [reason, n] of reasons) out.push(`${r.scenario}: ${n} failed: ${reason}`);
  }
  return out.join('\n');
}
