import OpenAI from 'openai';
import type { ChatMessage, LanguageModel } from './language-model';
import { parseToolArguments, type ProviderCall, type ProviderChatCall } from './provider-call';
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
  const chat: ProviderChatCall = async (request, signal) => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
    if (request.system) messages.push({ role: 'system', content: request.system });
    messages.push(...request.messages.map(toOpenAiMessage));
    const response = await client.chat.completions.create(
      {
        model: options.model,
        messages,
        max_tokens: request.maxTokens,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.tools.length > 0
          ? {
              tools: request.tools.map((t) => ({
                type: 'function' as const,
                function: { name: t.name, description: t.description, parameters: t.parameters },
              })),
            }
          : {}),
      },
      { signal },
    );
    const message = response.choices[0]?.message;
    return {
      text: message?.content ?? '',
      toolCalls: (message?.tool_calls ?? []).flatMap((c) =>
        c.type === 'function'
          ? [
              {
                id: c.id,
                name: c.function.name,
                arguments: parseToolArguments(c.function.arguments),
              },
            ]
          : [],
      ),
      inputTokens: response.usage?.prompt_tokens ?? 0,
      outputTokens: response.usage?.completion_tokens ?? 0,
    };
  };
  return new ResilientLanguageModel(`openai/${options.model}`, call, options, chat);
}

function toOpenAiMessage(message: ChatMessage): OpenAI.Chat.ChatCompletionMessageParam {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content || null,
        ...(message.toolCalls?.length
          ? {
              tool_calls: message.toolCalls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                function: { name: c.name, arguments: JSON.stringify(c.arguments) },
              })),
            }
          : {}),
      };
  }
}
