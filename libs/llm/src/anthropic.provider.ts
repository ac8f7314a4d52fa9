import Anthropic from '@anthropic-ai/sdk';
import type { LanguageModel } from './language-model';
import type { ProviderCall } from './provider-call';
import { ResilientLanguageModel, type ResilienceOptions } from './resilient-language-model';

export interface AnthropicProviderOptions extends ResilienceOptions {
  model: string;
  /** @default https://api.anthropic.com */
  baseUrl?: string;
  apiKey?: string;
}

/** A model behind the Anthropic Messages API. */
export function anthropicModel(options: AnthropicProviderOptions): LanguageModel {
  const client = new Anthropic({
    apiKey: options.apiKey ?? 'none',
    baseURL: options.baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
  });
  const call: ProviderCall = async (request, signal) => {
    const response = await client.messages.create(
      {
        model: options.model,
        max_tokens: request.maxTokens,
        ...(request.system ? { system: request.system } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        messages: [{ role: 'user', content: request.prompt }],
      },
      { signal },
    );
    const text = response.content
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join('');
    return {
      text,
      inputTokens: response.usage.input_tokens,
      outputTokens: response.usage.output_tokens,
    };
  };
  return new ResilientLanguageModel(`anthropic/${options.model}`, call, options);
}
