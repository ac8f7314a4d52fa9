import OpenAI from 'openai';
import type { LanguageModel } from './language-model';
import type { ProviderCall } from './provider-call';
import { ResilientLanguageModel, type ResilienceOptions } from './resilient-language-model';

export interface OpenAiProviderOptions extends ResilienceOptions {
  model: string;
  /** Any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio). @default https://api.openai.com/v1 */
  baseUrl?: string;
  /** Local servers accept any key. @default 'none' */
  apiKey?: string;
}

/** A model behind the OpenAI chat completions API. */
export function openAiModel(options: OpenAiProviderOptions): LanguageModel {
  // Retries and timeouts belong to the resilience policies, so the SDK's own are turned off.
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'none',
    baseURL: options.baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
  });
  const call: ProviderCall = async (request, signal) => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
    if (request.system) messages.push({ role: 'system', content: request.system });
    messages.push({ role: 'user', content: request.prompt });
    const response = await client.chat.completions.create(
      {
        model: options.model,
        messages,
        max_tokens: request.maxTokens,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      },
      { signal },
    );
    return {
      text: response.choices[0]?.message.content ?? '',
      inputTokens: response.usage?.prompt_tokens ?? 0,
      outputTokens: response.usage?.completion_tokens ?? 0,
    };
  };
  return new ResilientLanguageModel(`openai/${options.model}`, call, options);
}
