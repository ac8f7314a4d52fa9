import Anthropic from '@anthropic-ai/sdk';
import type { ChatMessage, LanguageModel } from './language-model';
import {
  parseToolArguments,
  type ProviderCall,
  type ProviderChatCall,
  type RawChatTurn,
} from './provider-call';
import { AnthropicTurnAssembler, readStreamedTurn } from './streaming';
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
  const chat: ProviderChatCall = async (request, signal) => {
    const params = {
      model: options.model,
      max_tokens: request.maxTokens,
      ...(request.system ? { system: request.system } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.tools.length > 0
        ? {
            tools: request.tools.map((t) => ({
              name: t.name,
              description: t.description,
              input_schema: t.parameters as Anthropic.Tool.InputSchema,
            })),
          }
        : {}),
      messages: toAnthropicMessages(request.messages),
    };
    if (request.onToken) {
      const response = await client.messages
        .create({ ...params, stream: true }, { signal })
        .asResponse();
      return readStreamedTurn(response, new AnthropicTurnAssembler(), request.onToken, (body) =>
        fromMessage(body as Anthropic.Message),
      );
    }
    return fromMessage(await client.messages.create(params, { signal }));
  };
  return new ResilientLanguageModel(`anthropic/${options.model}`, call, options, chat);
}

/** A whole message as a turn. */
function fromMessage(response: Anthropic.Message): RawChatTurn {
  return {
    text: response.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
    toolCalls: response.content.flatMap((b) =>
      b.type === 'tool_use'
        ? [{ id: b.id, name: b.name, arguments: parseToolArguments(b.input) }]
        : [],
    ),
    inputTokens: response.usage.input_tokens,
    outputTokens: response.usage.output_tokens,
  };
}

/**
 * Neutral turns as Messages API turns: tool results are user turns of tool_result blocks, and
 * consecutive results (one per call of a turn) share one user turn, as the API requires.
 */
function toAnthropicMessages(messages: readonly ChatMessage[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        out.push({ role: 'user', content: message.content });
        break;
      case 'assistant': {
        const blocks: Anthropic.ContentBlockParam[] = [];
        if (message.content) blocks.push({ type: 'text', text: message.content });
        for (const c of message.toolCalls ?? []) {
          blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
        }
        out.push({ role: 'assistant', content: blocks });
        break;
      }
      case 'tool': {
        const block: Anthropic.ToolResultBlockParam = {
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.content,
        };
        const last = out[out.length - 1];
        if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(block);
        else out.push({ role: 'user', content: [block] });
        break;
      }
    }
  }
  return out;
}
