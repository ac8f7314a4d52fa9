/** Turns text into vectors for similarity search. Implementations must be deterministic per text. */
export interface Embedder {
  /**
   * Names the vector space, e.g. `hash-256` or `openai:text-embedding-3-small:1536`. Stored with
   * each item: vectors are only ever compared with vectors of the same id.
   */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** One l2-normalised vector per text, in order. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** Vector length of {@link HashingEmbedder}. */
export const HASHING_DIMENSIONS = 256;

/** Lower-cased word tokens: letters and digits, apostrophes dropped. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** 32-bit FNV-1a: stable across processes and platforms, unlike anything seeded. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The hashing-trick embedding of one text: each word unigram and bigram adds ±1 to a bucket
 * picked by its hash (the sign, from another bit, keeps collisions from always adding up), and
 * the vector is l2-normalised so a dot product is the cosine. An empty text gives the zero vector.
 */
export function hashEmbedding(text: string, dimensions = HASHING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const tokens = tokenize(text);
  const features = [...tokens];
  for (let i = 1; i < tokens.length; i++) features.push(`${tokens[i - 1]} ${tokens[i]}`);
  for (const feature of features) {
    const hash = fnv1a(feature);
    const index = hash % dimensions;
    vector[index] = (vector[index] ?? 0) + ((hash >>> 31) & 1 ? -1 : 1);
  }
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

/** Cosine similarity of two vectors of equal length; 0 when either is the zero vector. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new Error(`cosine of vectors of different lengths (${a.length} and ${b.length})`);
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * The built-in embedder: feature hashing, no model and no network. It captures shared words and
 * word pairs, not meaning, which is enough to back up full-text search with fuzzy recall.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;

  constructor(readonly dimensions = HASHING_DIMENSIONS) {
    this.id = `hash-${dimensions}`;
  }

  embed(texts: readonly string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((t) => hashEmbedding(t, this.dimensions)));
  }
}

/** The vector scaled to length 1; the zero vector stays as it is. */
export function l2Normalize(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return norm === 0 ? [...vector] : vector.map((v) => v / norm);
}
