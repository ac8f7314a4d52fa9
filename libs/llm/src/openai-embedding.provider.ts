import OpenAI from 'openai';
import type { EmbeddingModel, Embeddings } from './embedding-model';
import { LanguageModelError } from './language-model';
import {
  explainFailure,
  resiliencePolicy,
  type ResilienceOptions,
} from './resilient-language-model';

export interface OpenAiEmbeddingOptions extends ResilienceOptions {
  model: string;
  /** Any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio). @default https://api.openai.com/v1 */
  baseUrl?: string;
  /** Local servers accept any key. @default 'none' */
  apiKey?: string;
}

/**
 * A model behind the OpenAI embeddings API (POST {baseUrl}/embeddings), with the same retry,
 * timeout and circuit-breaker policies as completions. `priceInputPer1k` prices the input tokens.
 */
export function openAiEmbeddingModel(options: OpenAiEmbeddingOptions): EmbeddingModel {
  // Retries and timeouts belong to the resilience policies, so the SDK's own are turned off.
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'none',
    baseURL: options.baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
  });
  const name = `openai/${options.model}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const policy = resiliencePolicy(options);

  return {
    model: name,
    async embed(texts, { signal } = {}): Promise<Embeddings> {
      if (texts.length === 0) return { vectors: [], usage: { inputTokens: 0, costUsd: 0 } };
      try {
        const response = await policy.execute(
          ({ signal: callSignal }) =>
            client.embeddings.create(
              // float, because the SDK otherwise asks for base64, which not every compatible server speaks
              { model: options.model, input: [...texts], encoding_format: 'float' },
              { signal: callSignal },
            ),
          signal,
        );
        const vectors = new Array<number[]>(texts.length);
        for (const d of response.data) vectors[d.index] = d.embedding;
        for (let i = 0; i < texts.length; i++) {
          if (!Array.isArray(vectors[i])) {
            throw new LanguageModelError(`${name}: no embedding returned for input ${i}`, false);
          }
        }
        const inputTokens = response.usage?.prompt_tokens ?? 0;
        const costUsd =
          Math.round((inputTokens / 1000) * (options.priceInputPer1k ?? 0) * 1e6) / 1e6;
        return { vectors, usage: { inputTokens, costUsd } };
      } catch (error) {
        throw explainFailure(name, timeoutMs, error, signal);
      }
    },
  };
}
