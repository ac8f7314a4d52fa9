/** Where progress lines go; `quiet` keeps a test runner's output clean. */
export interface Reporter {
  /** One line for a step: `[kafka] ready on 127.0.0.1:9092 (4.2 s)`. */
  step(component: string, message: string): void;
  /** A sub-line under a step, such as one downloaded artifact. */
  detail(component: string, message: string): void;
}

export function createReporter(quiet = false): Reporter {
  if (quiet) {
    return { step: () => undefined, detail: () => undefined };
  }
  return {
    step: (component, message) => console.log(`[${component}] ${message}`),
    detail: (component, message) => console.log(`[${component}]   ${message}`),
  };
}

/** Milliseconds since the call, read as often as needed. */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => performance.now() - started;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
