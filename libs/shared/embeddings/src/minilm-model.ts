/**
 * all-MiniLM-L6-v2, the sentence-transformers model the memory (search) and the evaluator
 * (relevance) can embed with offline: a 6-layer BERT encoder (ONNX) whose token vectors are
 * mean-pooled into one 384-dimension vector. `npm run stack:up` puts its files in
 * {@link MINILM_MODEL.defaultDir}.
 */
export const MINILM_MODEL = {
  name: 'all-minilm-l6-v2',
  /** Stored with each item it embedded; see `Embedder.id`. */
  embedderId: 'minilm-l6-v2:384',
  dimensions: 384,
  /** sentence-transformers' max_seq_length for this model; longer texts are truncated. */
  maxTokens: 256,
  /** The folder the stack fetches the model into, relative to the repository root. */
  defaultDir: '.agora/models/all-minilm-l6-v2',
  files: { model: 'model.onnx', tokenizer: 'tokenizer.json' },
} as const;
