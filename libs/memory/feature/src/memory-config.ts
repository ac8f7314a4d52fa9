/** The settings the memory feature reads from the service's validated environment (SERVICE_CONFIG). */
export interface MemoryConfig {
  /** Weight of the full-text rank in a hit's score. */
  MEMORY_TEXT_WEIGHT: number;
  /** Weight of the vector similarity in a hit's score. */
  MEMORY_VECTOR_WEIGHT: number;
  /** Longest passage a document is cut into, in characters. */
  MEMORY_CHUNK_CHARS: number;
  /** Hits returned when a search does not say. */
  MEMORY_DEFAULT_K: number;
  /** Most hits one search may ask for. */
  MEMORY_MAX_K: number;
  /** Candidates taken from each of the text and vector sides before combining. */
  MEMORY_SEARCH_CANDIDATES: number;
  /** Most recently updated items compared by vector besides the full-text matches. */
  MEMORY_VECTOR_SCAN_LIMIT: number;
}

/** Injection token of the {@link Embedder} the memory uses. */
export const EMBEDDER = Symbol('EMBEDDER');
