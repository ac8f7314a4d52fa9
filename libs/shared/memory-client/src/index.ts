export {
  MemoryDocumentsClient,
  type MemoryDocument,
  type MemoryDocumentsClientOptions,
  type PostJson,
} from './memory-documents.client';
export {
  MemoryAbortedError,
  MemoryClosedError,
  MemorySearchClient,
  MemorySearchError,
  MemoryTimeoutError,
  type MemoryRequestOptions,
  type MemorySearch,
  type MemorySearchClientOptions,
} from './memory-search.client';
