/** An agent's standing for one capability. */
export interface Reputation {
  /** 0..1, an exponentially weighted mean of the scores. */
  score: number;
  /** Evaluations seen. */
  samples: number;
  /** Failures with the agent at fault. */
  failures: number;
}

/** Where every agent starts: no evidence either way. */
export const INITIAL_REPUTATION: Reputation = { score: 0.5, samples: 0, failures: 0 };

/** TaskFailed codes that count against the agent: it had the task and did not deliver. */
export const AGENT_FAULT_CODES: ReadonlySet<string> = new Set([
  'error',
  'timeout',
  'lease_expired',
]);

function ewma(previous: number, value: number, alpha: number): number {
  if (!(alpha > 0 && alpha <= 1))
    throw new Error(`reputation alpha must be in (0, 1], got ${alpha}`);
  return Math.min(1, Math.max(0, (1 - alpha) * previous + alpha * value));
}

/** The reputation after an evaluation with `score`: new = (1 - alpha) * old + alpha * score. */
export function afterEvaluation(
  previous: Reputation | undefined,
  score: number,
  alpha: number,
): Reputation {
  const p = previous ?? INITIAL_REPUTATION;
  return { score: ewma(p.score, score, alpha), samples: p.samples + 1, failures: p.failures };
}

/** The reputation after a failure at the agent's fault: scored as 0, counted as a failure. */
export function afterFailure(previous: Reputation | undefined, alpha: number): Reputation {
  const p = previous ?? INITIAL_REPUTATION;
  return { score: ewma(p.score, 0, alpha), samples: p.samples, failures: p.failures + 1 };
}
