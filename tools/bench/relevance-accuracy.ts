import type { Embedder } from '@agora/embeddings';
import { relevanceTo, type RelevanceEmbedderName } from '@agora/evaluator/domain';
import { RELEVANCE_SET, type RelevancePair } from './relevance-set';

/** One pair of the labelled set with its similarity under one embedder. */
export interface ScoredPair {
  pair: RelevancePair;
  similarity: number;
}

/** Every pair of RELEVANCE_SET scored as the evaluator scores it with `embedder`. */
export async function scoreRelevanceSet(
  name: RelevanceEmbedderName,
  embedder: Embedder,
): Promise<ScoredPair[]> {
  const scored: ScoredPair[] = [];
  for (const pair of RELEVANCE_SET) {
    const similarity = await relevanceTo({ name, embedder }, pair.goal, pair.output);
    scored.push({ pair, similarity: similarity ?? 0 });
  }
  return scored;
}

/** How many on-topic pairs a threshold keeps (paraphrases apart) and off-topic ones it rejects. */
export function relevanceAccuracy(scored: readonly ScoredPair[], threshold: number) {
  const count = (pick: (s: ScoredPair) => boolean) => scored.filter(pick).length;
  const kept = (s: ScoredPair) => s.similarity >= threshold;
  return {
    threshold,
    onKept: count((s) => s.pair.label === 'on' && kept(s)),
    on: count((s) => s.pair.label === 'on'),
    paraphraseKept: count((s) => s.pair.kind === 'paraphrase' && kept(s)),
    paraphrase: count((s) => s.pair.kind === 'paraphrase'),
    offRejected: count((s) => s.pair.label === 'off' && !kept(s)),
    off: count((s) => s.pair.label === 'off'),
  };
}
