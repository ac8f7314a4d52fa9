import { parseTaskInput } from '@agora/contracts';
/**
 * What the evaluator does with a result (or a failure counted against an agent) given the award
 * of its attempt, as far as it has read the awards:
 * - `judge`: it comes from the agent the attempt was awarded to;
 * - `hold`: no award for the attempt has been read yet. The award was written first (the agent
 *   acted on it), but it travels on another topic, so it is kept until the award is read;
 * - `not_awarded`: the attempt was awarded to another agent. Judging it would move the
 *   reputation of whichever agent it names, and take the attempt's one verdict from the winner.
 */
export type AwardCheck = 'judge' | 'hold' | 'not_awarded';

export function checkAward(agentId: string, awardedTo: string | undefined): AwardCheck {
  if (awardedTo === undefined) return 'hold';
  return agentId === awardedTo ? 'judge' : 'not_awarded';
}

/**
 * What an award's input asks of the result: the output kind the step declares and the goal's
 * text. An input that is not a valid TaskInput says nothing (nulls), and the result is then
 * judged by its capability alone.
 */
export function termsOfAward(input: string): { outputKind: string | null; goal: string | null } {
  try {
    const parsed = parseTaskInput(input);
    return { outputKind: parsed.outputKind ?? null, goal: parsed.goal };
  } catch {
    return { outputKind: null, goal: null };
  }
}
