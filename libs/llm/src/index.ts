export { anthropicModel, type AnthropicProviderOptions } from './anthropic.provider';
export {
  createLanguageModel,
  type LanguageModelOptions,
  type LanguageModelProvider,
} from './create-language-model';
export {
  LanguageModelError,
  type Completion,
  type CompletionRequest,
  type CompletionUsage,
  type LanguageModel,
} from './language-model';
export { openAiModel, type OpenAiProviderOptions } from './openai.provider';
export { ResilientLanguageModel, type ResilienceOptions } from './resilient-language-model';
