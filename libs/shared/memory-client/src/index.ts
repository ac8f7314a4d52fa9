export {
  MemorySearchClient,
  MemorySearchError,
  MemoryTimeoutError,
  type MemorySearch,
  type MemorySearchClientOptions,
} from './memory-search.client';
