import { builtInOutputKind, parseTaskInput, quoteOf, type Visibility } from '@agora/contracts';

/** The step param that sets how relevant to its goal a step's output must be (0 turns it off). */
export const MIN_RELEVANCE_PARAM = 'minRelevance';

/**
 * The step param that makes finding nothing a legitimate result of a step that cites (a support
 * `retrieve` for a request no public document covers): its output may cite nothing.
 */
export const MAY_FIND_NOTHING_PARAM = 'mayFindNothing';

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
  /**
   * The most the step may quote from memory (its `params.quote`); null when it does not say (or
   * says something invalid, which fails the attempt anyway), and memory's default applies.
   */
  quote: Visibility | null;
  /** Whether the step may find nothing to cite (its `mayFindNothing` param). */
  mayFindNothing: boolean;
  /**
   * Whether the step has nothing documented to answer from: it is fed sources and every one of
   * those outputs came back empty. Its reply must then say so instead of answering.
   */
  undocumented: boolean;
}

/** What an award says nothing about: the result is judged by its capability alone. */
export const NO_TERMS: TermsOfAward = {
  outputKind: null,
  goal: null,
  minRelevance: null,
  quote: null,
  mayFindNothing: false,
  undocumented: false,
};

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
 * What an award's input asks of the result: the output kind the step declares, the goal (its
 * text with its inputs under it, `message: I was charged twice`, since a goal such as "Answer
 * this customer" says what to do and its inputs say about what), what the step may quote, and
 * whether it was left with nothing documented. An input that is not a valid TaskInput says
 * nothing ({@link NO_TERMS}), and the result is then judged by its capability alone.
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
    const sources = parsed.upstream.filter((u) => u.output.kind === 'sources');
    return {
      outputKind: parsed.outputKind ?? null,
      goal,
      minRelevance,
      quote: quoteOrNull(parsed.params),
      mayFindNothing: parsed.params[MAY_FIND_NOTHING_PARAM] === true,
      undocumented:
        sources.length > 0 &&
        sources.every((u) => {
          const found = (u.output as { sources?: unknown }).sources;
          return !Array.isArray(found) || found.length === 0;
        }),
    };
  } catch {
    return NO_TERMS;
  }
}

function quoteOrNull(params: Readonly<Record<string, unknown>>): Visibility | null {
  try {
    return quoteOf(params) ?? null;
  } catch {
    return null;
  }
}
