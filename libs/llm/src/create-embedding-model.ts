import type { EmbeddingModel } from './embedding-model';
import { openAiEmbeddingModel } from './openai-embedding.provider';
import type { ResilienceOptions } from './resilient-language-model';

/**
 * Where embeddings come from. There is no `anthropic`: Anthropic has no embeddings API, so a
 * service whose LLM_PROVIDER is anthropic keeps its built-in embedder (provider none here) or
 * points this at a separate OpenAI-compatible endpoint.
 */
export type EmbeddingProvider = 'none' | 'openai';

export interface EmbeddingModelOptions extends ResilienceOptions {
  /** none turns provider embeddings off: nothing calls the network. @default 'none' */
  provider?: EmbeddingProvider;
  /** Required unless provider is none. */
  model?: string;
  baseUrl?: string;
  apiKey?: string;
}

/** The configured embedding model, or undefined when provider is none. */
export function createEmbeddingModel(options: EmbeddingModelOptions): EmbeddingModel | undefined {
  const provider = options.provider ?? 'none';
  switch (provider) {
    case 'none':
      return undefined;
    case 'openai': {
      const model = options.model;
      if (!model) throw new Error(`EMBEDDING_MODEL: required when EMBEDDING_PROVIDER is openai`);
      return openAiEmbeddingModel({ ...options, model });
    }
  }
}
