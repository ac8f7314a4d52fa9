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
