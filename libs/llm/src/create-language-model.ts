import { anthropicModel } from './anthropic.provider';
import type { LanguageModel } from './language-model';
import { openAiModel } from './openai.provider';
import type { ResilienceOptions } from './resilient-language-model';

export type LanguageModelProvider = 'none' | 'openai' | 'anthropic';

export interface LanguageModelOptions extends ResilienceOptions {
  /** none turns models off: nothing calls the network. @default 'none' */
  provider?: LanguageModelProvider;
  /** Required unless provider is none. */
  model?: string;
  baseUrl?: string;
  apiKey?: string;
}

/** The configured model, or undefined when provider is none. */
export function createLanguageModel(options: LanguageModelOptions): LanguageModel | undefined {
  const provider = options.provider ?? 'none';
  switch (provider) {
    case 'none':
      return undefined;
    case 'openai':
    case 'anthropic': {
      const model = options.model;
      if (!model) throw new Error(`LLM_MODEL: required when LLM_PROVIDER is ${provider}`);
      return provider === 'openai'
        ? openAiModel({ ...options, model })
        : anthropicModel({ ...options, model });
    }
  }
}
