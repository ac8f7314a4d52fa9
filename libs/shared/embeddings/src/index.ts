export {
  cosineSimilarity,
  HASHING_DIMENSIONS,
  hashEmbedding,
  HashingEmbedder,
  l2Normalize,
  tokenize,
  type Embedder,
} from './embedder';
export { contentTerms } from './content-terms';
export { MINILM_MODEL } from './minilm-model';
export { ModelEmbedder, type ProviderEmbeddingModel } from './model-embedder';
export {
  basicTokenize,
  WordPieceTokenizer,
  type EncodedText,
  type WordPieceVocabulary,
} from './wordpiece-tokenizer';
