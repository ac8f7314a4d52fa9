export { anthropicModel, type AnthropicProviderOptions } from './anthropic.provider';
export {
  createEmbeddingModel,
  type EmbeddingModelOptions,
  type EmbeddingProvider,
} from './create-embedding-model';
export type { EmbeddingModel, Embeddings, EmbeddingUsage } from './embedding-model';
export {
  createLanguageModel,
  type LanguageModelOptions,
  type LanguageModelProvider,
} from './create-language-model';
export {
  LanguageModelError,
  type ChatMessage,
  type ChatRequest,
  type ChatResponse,
  type ToolCall,
  type ToolDefinition,
  type Completion,
  type CompletionRequest,
  type CompletionUsage,
  type LanguageModel,
} from './language-model';
export { openAiEmbeddingModel, type OpenAiEmbeddingOptions } from './openai-embedding.provider';
export { openAiModel, type OpenAiProviderOptions } from './openai.provider';
export { readServerSentEvents, type ServerSentEvent } from './streaming';
export {
  explainFailure,
  resiliencePolicy,
  ResilientLanguageModel,
  type ResilienceOptions,
} from './resilient-language-model';
