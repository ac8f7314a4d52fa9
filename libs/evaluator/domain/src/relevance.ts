import { contentTerms, cosineSimilarity, type Embedder } from '@agora/embeddings';
import { fail, pass, type Check } from './checks';

/**
 * The embedders relevance can be judged with: `hashing` (built in: shared words and word pairs)
 * and `minilm` (the offline all-MiniLM-L6-v2 model: meaning, so a paraphrase counts).
 */
export type RelevanceEmbedderName = 'hashing' | 'minilm';

/** The embedder relevance is judged with, and its name (shown in the feedback). */
export interface RelevanceEmbedder {
  name: RelevanceEmbedderName;
  embedder: Embedder;
}

/**
 * Lowest similarity an output may have to its goal, per embedder: their cosines are not on one
 * scale (any two English texts share some meaning for MiniLM, hardly any hashed words), so each
 * has a threshold of its own. 0 turns the check off.
 */
export type RelevanceThresholds = Readonly<Record<RelevanceEmbedderName, number>>;

/**
 * The defaults, each chosen on the labelled pairs of tools/bench/relevance-set.ts
 * (`npm run bench:retrieval` prints how many each keeps and rejects).
 */
export const DEFAULT_RELEVANCE_THRESHOLDS: RelevanceThresholds = { hashing: 0.1, minilm: 0.25 };

/**
 * What each embedder compares of a goal and an output. Hashing: the stems of the content words,
 * since stop words are shared by any two English texts and would make everything look related.
 * MiniLM: the text as written, since the model reads sentences and their little words carry
 * meaning to it (it reads the first 256 tokens of each).
 */
const RELEVANCE_INPUT: Readonly<Record<RelevanceEmbedderName, (text: string) => string>> = {
  hashing: (text) => stems(text).join(' '),
  minilm: (text) => text,
};

/**
 * The threshold an output is held to: its step's `minRelevance` when the step sets one (on the
 * scale of whichever embedder judges; 0 turns the check off), else the embedder's own.
 */
export function relevanceThreshold(
  embedder: RelevanceEmbedderName,
  thresholds: RelevanceThresholds,
  stepMinimum?: number | null,
): number {
  return stepMinimum ?? thresholds[embedder];
}

/** How close an output's main text must be to its goal. */
export interface RelevanceSettings {
  /**
   * Lowest similarity an output may have to its goal; below it the output is off-topic and
   * rejected. 0 turns the check off. See {@link relevanceThreshold}.
   */
  threshold: number;
  /** The embedder that measured the similarity, named in the feedback. */
  embedder: RelevanceEmbedderName;
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
 * The similarity (0..1) of a text to its goal, as `judge` measures it (see RELEVANCE_INPUT): 0
 * when the text has no content words, undefined when the goal has none (nothing to judge
 * against).
 */
export async function relevanceTo(
  judge: RelevanceEmbedder,
  goal: string,
  text: string,
): Promise<number | undefined> {
  if (stems(goal).length === 0) return undefined;
  if (stems(text).length === 0) return 0;
  const input = RELEVANCE_INPUT[judge.name];
  const [a, b] = await judge.embedder.embed([input(goal), input(text)]);
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
      `the output is off-topic: its similarity to the goal is ${similarity.toFixed(2)}, below ${settings.threshold} (${settings.embedder}); ` +
        `answer the goal itself (${words})`,
    ],
    Math.max(0, similarity / settings.threshold),
  );
}
