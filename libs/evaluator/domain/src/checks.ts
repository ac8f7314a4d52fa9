/**
 * One thing the evaluator checked. `score` is 0..1; a `hard` check that scores below 1 rejects
 * the output whatever the total (bad JSON, wrong kind, a fabricated citation, a failed command).
 */
export interface Check {
  name: string;
  weight: number;
  score: number;
  hard: boolean;
  /** What failed, in words the next attempt can act on; empty when the check passed. */
  problems: string[];
}

export type Verdict = 'ACCEPTED' | 'REJECTED';

/** An evaluation's outcome. */
export interface Judgement {
  verdict: Verdict;
  score: number;
  feedback: string;
}

export function pass(name: string, weight: number, hard: boolean): Check {
  return { name, weight, score: 1, hard, problems: [] };
}

export function fail(
  name: string,
  weight: number,
  hard: boolean,
  problems: string[],
  score = 0,
): Check {
  return { name, weight, score, hard, problems };
}

/**
 * The score is the weighted mean of the checks' scores. The verdict is ACCEPTED when the score
 * reaches `threshold` and no hard check failed. The feedback states the verdict and score and
 * lists every problem found, hard failures first.
 */
export function judge(checks: readonly Check[], threshold: number): Judgement {
  const totalWeight = checks.reduce((s, c) => s + c.weight, 0);
  const raw =
    totalWeight > 0 ? checks.reduce((s, c) => s + c.weight * c.score, 0) / totalWeight : 0;
  const score = Math.round(raw * 1000) / 1000;
  const hardFailures = checks.filter((c) => c.hard && c.score < 1);
  const verdict: Verdict =
    score >= threshold && hardFailures.length === 0 ? 'ACCEPTED' : 'REJECTED';
  const problems = [
    ...hardFailures.flatMap((c) => c.problems),
    ...checks.filter((c) => !(c.hard && c.score < 1)).flatMap((c) => c.problems),
  ];
  const head =
    verdict === 'ACCEPTED'
      ? `Accepted with score ${score.toFixed(2)}.`
      : hardFailures.length > 0
        ? `Rejected: ${hardFailures.map((c) => c.name).join(', ')} failed (score ${score.toFixed(2)}).`
        : `Rejected: score ${score.toFixed(2)} is below the threshold ${threshold}.`;
  const feedback =
    problems.length === 0
      ? head
      : `${head}\n${verdict === 'ACCEPTED' ? 'Could be better:' : 'To fix:'}\n${problems.map((p) => `- ${p}`).join('\n')}`;
  return { verdict, score, feedback };
}
