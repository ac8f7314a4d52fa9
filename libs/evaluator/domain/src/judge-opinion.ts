import { judge, type Check, type Judgement } from './checks';

/** What a judge said about one output. */
export interface Opinion {
  /** 0..1. */
  score: number;
  feedback: string;
}

/** A judge's answer that is not the JSON it was asked for. */
export class MalformedJudgeAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedJudgeAnswerError';
  }
}

const FENCE = /^```(?:json)?\s*\n?([\s\S]*?)\n?\s*```$/i;

/**
 * Reads `{ "score": 0..1, "feedback": "..." }` from a model's answer, tolerating surrounding
 * whitespace and a ```json fence. Anything else is rejected rather than guessed at: a score the
 * model did not clearly give must not move a verdict.
 */
export function parseJudgeAnswer(text: string): Opinion {
  const trimmed = text.trim();
  const body = FENCE.exec(trimmed)?.[1]?.trim() ?? trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedJudgeAnswerError(`answer is not JSON: ${preview(trimmed)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedJudgeAnswerError(`answer is not a JSON object: ${preview(trimmed)}`);
  }
  const { score, feedback } = parsed as Record<string, unknown>;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
    throw new MalformedJudgeAnswerError(
      `'score' must be a number from 0 to 1, got ${String(score)}`,
    );
  }
  if (typeof feedback !== 'string') {
    throw new MalformedJudgeAnswerError(`'feedback' must be a string`);
  }
  return { score, feedback: feedback.trim() };
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * Mixes a judge's opinion into the deterministic checks:
 *
 * - no opinion (no judge, or it failed) → exactly `judge(checks, threshold)`;
 * - a hard check failed → the output is rejected whatever the opinion, and the opinion is
 *   ignored (callers need not even ask);
 * - otherwise score = (1 − weight) × deterministic weighted mean + weight × opinion score, and the
 *   verdict is ACCEPTED when that reaches `threshold`. The opinion's feedback is listed with the
 *   other problems, prefixed so the next attempt knows where it came from.
 *
 * @param weight share of the final score given to the opinion, 0..1.
 */
export function combineWithOpinion(
  checks: readonly Check[],
  opinion: Opinion | undefined,
  weight: number,
  threshold: number,
): Judgement {
  if (!opinion || hasHardFailure(checks)) return judge(checks, threshold);
  const total = checks.reduce((s, c) => s + c.weight, 0);
  // Rescale so the deterministic checks weigh (1 − weight) together and the opinion weighs `weight`;
  // judge() then computes the documented mix and keeps its feedback format.
  const scaled = checks.map((c) => ({
    ...c,
    weight: total > 0 ? (c.weight / total) * (1 - weight) : 0,
  }));
  const opinionCheck: Check = {
    name: 'judge',
    weight: total > 0 ? weight : 1,
    score: opinion.score,
    hard: false,
    problems: opinion.feedback ? [`judge: ${opinion.feedback}`] : [],
  };
  return judge([...scaled, opinionCheck], threshold);
}

/** Whether a hard check failed, which rejects the output whatever else is said. */
export function hasHardFailure(checks: readonly Check[]): boolean {
  return checks.some((c) => c.hard && c.score < 1);
}
