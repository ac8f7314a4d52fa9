import { chunkText } from './chunker';
import { cosineSimilarity, hashEmbedding } from './embedder';

/** A candidate found by full-text rank or by vector similarity, before combining. */
export interface SearchCandidate {
  id: string;
  /** ts_rank_cd of the item against the query; 0 when the text does not match. */
  textRank: number;
  /** Cosine similarity of the item's embedding and the query's, -1..1. */
  cosine: number;
}

/** How much each signal counts; they are rescaled to sum to 1. */
export interface HybridWeights {
  /** @default 0.6 */
  text: number;
  /** @default 0.4 */
  vector: number;
}

/**
 * Orders candidates by a hybrid score in 0..1: the text rank divided by the best text rank
 * among the candidates (ts_rank_cd has no fixed scale, so only relative rank means anything),
 * plus the cosine clamped at 0, weighted. Ties keep a stable order by id.
 */
export function rankCandidates<C extends SearchCandidate>(
  candidates: readonly C[],
  weights: HybridWeights,
  k: number,
): (C & { score: number })[] {
  const total = weights.text + weights.vector;
  if (!(total > 0)) throw new Error('search weights must not both be 0');
  const maxRank = Math.max(0, ...candidates.map((c) => c.textRank));
  return candidates
    .map((c) => {
      const text = maxRank > 0 ? c.textRank / maxRank : 0;
      const vector = Math.min(1, Math.max(0, c.cosine));
      const score = (weights.text * text + weights.vector * vector) / total;
      return { ...c, score: Math.round(score * 1e6) / 1e6 };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, k);
}

/**
 * The passage of a long item closest to the query, so a hit shows what matched rather than a
 * whole report. Short items come back whole.
 */
export function bestPassage(content: string, query: string, maxChars: number): string {
  if (content.length <= maxChars) return content;
  const passages = chunkText(content, { maxChars });
  const target = hashEmbedding(query);
  let best = passages[0] ?? content;
  let bestScore = -Infinity;
  for (const passage of passages) {
    const score = cosineSimilarity(hashEmbedding(passage), target);
    if (score > bestScore) {
      best = passage;
      bestScore = score;
    }
  }
  return best;
}
