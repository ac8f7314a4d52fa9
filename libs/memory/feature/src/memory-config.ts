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
  /** Hits scoring below this (0..1) are left out of a search that does not say. */
  MEMORY_MIN_SCORE: number;
  /** Candidates taken from each of the text and vector sides before combining. */
  MEMORY_SEARCH_CANDIDATES: number;
  /** Most recently updated items compared by vector besides the full-text matches. */
  MEMORY_VECTOR_SCAN_LIMIT: number;
  /** Kinds of items announced on MemoryRecorded; `all` for every item. */
  MEMORY_ANNOUNCE: readonly string[];
  /**
   * The embedder when EMBEDDING_PROVIDER is none: `hashing` (built in), `minilm` (the offline
   * all-MiniLM-L6-v2 model; fails at start without its files) or `auto` (minilm when its files
   * are in MEMORY_MODEL_DIR, hashing otherwise).
   * @default 'hashing'
   */
  MEMORY_EMBEDDER?: 'auto' | 'hashing' | 'minilm';
  /**
   * Folder holding the MiniLM model.onnx and tokenizer.json.
   * @default '.agora/models/all-minilm-l6-v2' (where `npm run stack:up` puts them), from the working directory
   */
  MEMORY_MODEL_DIR?: string;
  /** Where embeddings come from: none for the built-in hashing embedder. */
  EMBEDDING_PROVIDER?: 'none' | 'openai';
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1. */
  EMBEDDING_BASE_URL?: string;
  EMBEDDING_API_KEY?: string;
  /** Embedding model name; required unless the provider is none. */
  EMBEDDING_MODEL?: string;
  /** Length of the model's vectors; required unless the provider is none. */
  EMBEDDING_DIMENSIONS?: number;
  /** Longest one embeddings call may take before it is aborted and retried. */
  EMBEDDING_TIMEOUT_MS?: number;
}

/** Injection token of the {@link Embedder} the memory uses. */
export const EMBEDDER = Symbol('EMBEDDER');
