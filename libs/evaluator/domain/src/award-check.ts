import { builtInOutputKind, parseTaskInput } from '@agora/contracts';

/** The step param that sets how relevant to its goal a step's output must be (0 turns it off). */
export const MIN_RELEVANCE_PARAM = 'minRelevance';

/** What an award asks of its result. */
export interface TermsOfAward {
  outputKind: string | null;
  goal: string | null;
  /**
   * The lowest relevance to the goal the step's output may have: the step's `minRelevance`
   * param; else null (the evaluator's default) for a built-in capability, whose outputs answer
   * the goal, and 0 (not judged) for a capability of one's own, whose output may rightly share
   * no words with the goal (a translation, code).
   */
  minRelevance: number | null;
}
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
 * What an award's input asks of the result: the output kind the step declares, and the goal: its
 * text with its inputs under it (`message: I was charged twice`), since a goal such as "Answer
 * this customer" says what to do and its inputs say about what. An input that is not a valid
 * TaskInput says nothing (nulls), and the result is then judged by its capability alone.
 */
export function termsOfAward(input: string, capability: string): TermsOfAward {
  try {
    const parsed = parseTaskInput(input);
    const inputs = Object.entries(parsed.inputs).map(([key, value]) => `${key}: ${value}`);
    const goal = [parsed.goal, ...inputs].join('\n');
    const param = parsed.params[MIN_RELEVANCE_PARAM];
    const minRelevance =
      typeof param === 'number' && param >= 0 && param <= 1
        ? param
        : builtInOutputKind(capability) !== undefined
          ? null
          : 0;
    return { outputKind: parsed.outputKind ?? null, goal, minRelevance };
  } catch {
    return { outputKind: null, goal: null, minRelevance: null };
  }
}
