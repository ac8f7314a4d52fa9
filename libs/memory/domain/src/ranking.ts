import { chunkText } from './chunker';
import { cosineSimilarity, hashEmbedding } from './embedder';

/** A candidate found by full-text rank or by vector similarity, before combining. */
export interface SearchCandidate {
  id: string;
  /** ts_rank_cd of the item against the query; 0 when the text does not match. Breaks ties. */
  textRank: number;
  /**
   * Share of the query's distinct words (stemmed, stop words left out) that the item holds,
   * 0..1; 0 when the query has no such words.
   */
  coverage: number;
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
 * The default of MEMORY_MIN_SCORE: hits scoring below it are left out. Measured on the labelled
 * queries of `npm run bench:retrieval` (see the README's Retrieval section): with both embedders
 * every query in the documents' own words keeps its document, and questions about subjects
 * the documents never mention mostly come back empty.
 */
export const DEFAULT_MIN_SCORE = 0.15;

/**
 * Orders candidates by a hybrid score in 0..1 that means the same in every search, so that one
 * threshold (`minScore`) can tell a relevant hit from noise: the share of the query's words the
 * item holds, and the cosine clamped at 0, weighted. A relative score (the text rank over the
 * best rank among the candidates) would give the best of a bad lot as much as the best of a good
 * one. Candidates below `minScore` are dropped; ties go to the higher text rank, then the id.
 */
export function rankCandidates<C extends SearchCandidate>(
  candidates: readonly C[],
  weights: HybridWeights,
  k: number,
  minScore = 0,
): (C & { score: number })[] {
  const total = weights.text + weights.vector;
  if (!(total > 0)) throw new Error('search weights must not both be 0');
  return candidates
    .map((c) => {
      const text = Math.min(1, Math.max(0, c.coverage));
      const vector = Math.min(1, Math.max(0, c.cosine));
      const score = (weights.text * text + weights.vector * vector) / total;
      return { ...c, score: Math.round(score * 1e6) / 1e6 };
    })
    .filter((c) => c.score >= minScore)
    .sort((a, b) => b.score - a.score || b.textRank - a.textRank || a.id.localeCompare(b.id))
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
