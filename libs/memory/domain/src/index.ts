export { chunkText, type ChunkOptions } from './chunker';
export { corpusDir, loadCorpus } from './corpus';
export {
  cosineSimilarity,
  hashEmbedding,
  HashingEmbedder,
  HASHING_DIMENSIONS,
  l2Normalize,
  tokenize,
  type Embedder,
} from './embedder';
export { documentTitle, ingestDirectory, type IngestDirectoryOptions } from './ingest-directory';
export {
  checkK,
  checkMinScore,
  parseDocumentsBody,
  parseSearchParams,
  visibilityParam,
  type DocumentLimits,
  type SearchLimits,
  type SearchQuery,
} from './input';
export { InvalidInputError } from './invalid-input.error';
export {
  documentId,
  documentPassages,
  goalContent,
  goalResultOf,
  itemIds,
  MEMORY_KINDS,
  PASSAGE_SEPARATOR,
  type KnowledgeDocument,
  type MemoryItem,
  type MemoryKind,
  withGoalResult,
} from './memory-item';
export {
  bestPassage,
  DEFAULT_MIN_SCORE,
  rankCandidates,
  type HybridWeights,
  type SearchCandidate,
} from './ranking';
export { renderEvaluation, renderTaskOutput } from './rendering';
