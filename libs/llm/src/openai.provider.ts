import OpenAI from 'openai';
import type { ChatMessage, LanguageModel } from './language-model';
import {
  parseToolArguments,
  type ProviderCall,
  type ProviderChatCall,
  type RawChatTurn,
} from './provider-call';
import { OpenAiTurnAssembler, readStreamedTurn } from './streaming';
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
    const params = {
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
    };
    if (request.onToken) {
      // The raw response: its events are read here, and a server that ignores `stream` and
      // answers whole is still understood.
      const response = await client.chat.completions
        .create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal })
        .asResponse();
      return readStreamedTurn(response, new OpenAiTurnAssembler(), request.onToken, (body) =>
        fromCompletion(body as OpenAI.Chat.ChatCompletion),
      );
    }
    return fromCompletion(await client.chat.completions.create(params, { signal }));
  };
  return new ResilientLanguageModel(`openai/${options.model}`, call, options, chat);
}

/** A whole chat.completion as a turn. */
function fromCompletion(response: OpenAI.Chat.ChatCompletion): RawChatTurn {
  const message = response.choices[0]?.message;
  return {
    text: message?.content ?? '',
    toolCalls: (message?.tool_calls ?? []).flatMap((c) =>
      c.type === 'function'
        ? [{ id: c.id, name: c.function.name, arguments: parseToolArguments(c.function.arguments) }]
        : [],
    ),
    inputTokens: response.usage?.prompt_tokens ?? 0,
    outputTokens: response.usage?.completion_tokens ?? 0,
  };
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
