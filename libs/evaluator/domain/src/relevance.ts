import { contentTerms, cosineSimilarity, type Embedder } from '@agora/embeddings';
import { fail, pass, type Check } from './checks';

/**
 * How close an output's main text must be to its goal. Similarity is the cosine of the two
 * texts' embeddings, each taken over its content words only: stop words are shared by any two
 * English texts and would make everything look related.
 */
export interface RelevanceSettings {
  /**
   * Lowest similarity an output may have to its goal; below it the output is off-topic and
   * rejected. 0 turns the check off. @default 0.1
   */
  threshold: number;
}

/** Words of the goal shown in the feedback of an off-topic output, at most. */
const SHOWN_GOAL_TERMS = 8;

/**
 * A word without its commonest English endings (partitions → partition, charged, charges and
 * charge → charg), so that a goal and its answer meet on the word, not its form. Crude on
 * purpose: both sides are cut the same way, and only their overlap matters.
 */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  let base = word;
  if (base.endsWith('ies')) base = `${base.slice(0, -3)}y`;
  else if (base.endsWith('sses')) base = base.slice(0, -2);
  else if (base.endsWith('ing') && base.length > 5) base = base.slice(0, -3);
  else if (base.endsWith('ed') && base.length > 5) base = base.slice(0, -2);
  else if (/(?:ch|sh|x|z)es$/.test(base)) base = base.slice(0, -2);
  else if (base.endsWith('s') && !base.endsWith('ss')) base = base.slice(0, -1);
  return base.length > 4 && base.endsWith('e') ? base.slice(0, -1) : base;
}

const stems = (text: string) => contentTerms(text).map(stem);

/**
 * The similarity of a text to its goal, over the stems of their content words: 0 when the text
 * has none, undefined when the goal has none (nothing to judge against).
 */
export async function relevanceTo(
  embedder: Embedder,
  goal: string,
  text: string,
): Promise<number | undefined> {
  const goalTerms = stems(goal);
  const textTerms = stems(text);
  if (goalTerms.length === 0) return undefined;
  if (textTerms.length === 0) return 0;
  const [a, b] = await embedder.embed([goalTerms.join(' '), textTerms.join(' ')]);
  return a && b ? Math.max(0, cosineSimilarity(a, b)) : undefined;
}

/**
 * Whether an output is about its goal: hard, so an off-topic answer is rejected whatever else it
 * does well (five well-cited sentences about schema registries do not answer a question about
 * consumer lag). The feedback names the goal's words the next attempt should address. No
 * similarity (a goal without content words, a kind without main text) is no check.
 */
export function relevanceCheck(
  similarity: number | undefined,
  goal: string,
  settings: RelevanceSettings,
): Check | undefined {
  if (similarity === undefined || settings.threshold <= 0) return undefined;
  if (similarity >= settings.threshold) return pass('relevance', 2, true);
  const words = [...new Set(contentTerms(goal))].slice(0, SHOWN_GOAL_TERMS).join(', ');
  return fail(
    'relevance',
    2,
    true,
    [
      `the output is off-topic: its similarity to the goal is ${similarity.toFixed(2)}, below ${settings.threshold}; ` +
        `answer the goal itself (${words})`,
    ],
    Math.max(0, similarity / settings.threshold),
  );
}
