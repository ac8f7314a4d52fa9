import { performance } from 'node:perf_hooks';

export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Waits until `done()` or the deadline (a performance.now() time), calling `report` every
 * `everyMs` meanwhile and once at the end. Checks `done` every 50 ms, so it returns promptly.
 */
export async function pollUntil(
  done: () => boolean,
  deadline: number,
  everyMs: number,
  report: () => void,
): Promise<void> {
  let nextReport = performance.now() + everyMs;
  while (!done() && performance.now() < deadline) {
    await delay(Math.min(50, deadline - performance.now()));
    if (performance.now() >= nextReport) {
      report();
      nextReport += everyMs;
    }
  }
  report();
}
