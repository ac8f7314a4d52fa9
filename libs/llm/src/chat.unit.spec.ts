import { afterEach, describe, expect, it } from 'vitest';
import { anthropicModel } from './anthropic.provider';
import type { ChatMessage, ToolDefinition } from './language-model';
import {
  chatAnswer,
  chatToolCalls,
  fakeAnthropicServer,
  fakeOpenAiServer,
  messagesAnswer,
} from './testing';
import { openAiModel } from './openai.provider';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const search: ToolDefinition = {
  name: 'memory_search',
  description: 'Searches memory.',
  parameters: {
    type: 'object',
    properties: { query: { type: 'string' } },
    required: ['query'],
  },
};

/** A conversation after one tool round: the call and its result. */
const afterTool: ChatMessage[] = [
  { role: 'user', content: 'write about kafka' },
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: 'call_1', name: 'memory_search', arguments: { query: 'kafka' } }],
  },
  { role: 'tool', toolCallId: 'call_1', content: '[{"itemId":"k1"}]' },
];

describe('chat with tools, OpenAI-compatible', () => {
  it('offers tools as functions and reads tool calls with their parsed arguments', async () => {
    const api = await fakeOpenAiServer(
      chatToolCalls([{ id: 'call_9', name: 'memory_search', arguments: { query: 'kafka' } }], {
        promptTokens: 300,
        completionTokens: 10,
      }),
    );
    closers.push(() => api.close());
    const model = openAiModel({ model: 'llama3', baseUrl: api.baseUrl, priceInputPer1k: 1 });
    const turn = await model.chat({
      system: 'you write',
      messages: [{ role: 'user', content: 'write about kafka' }],
      tools: [search],
      maxTokens: 50,
      temperature: 0.2,
    });
    expect(turn).toEqual({
      text: '',
      toolCalls: [{ id: 'call_9', name: 'memory_search', arguments: { query: 'kafka' } }],
      model: 'openai/llama3',
      usage: { inputTokens: 300, outputTokens: 10, costUsd: 0.3 },
    });
    expect(api.requests[0]).toMatchObject({
      max_tokens: 50,
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'you write' },
        { role: 'user', content: 'write about kafka' },
      ],
      tools: [{ type: 'function', function: search }],
    });
  });

  it('sends earlier tool calls and their results back as assistant and tool messages', async () => {
    const api = await fakeOpenAiServer(chatAnswer('Kafka is a log.'));
    closers.push(() => api.close());
    const model = openAiModel({ model: 'm', baseUrl: api.baseUrl });
    const turn = await model.chat({ messages: afterTool, tools: [search] });
    expect(turn.text).toBe('Kafka is a log.');
    expect(turn.toolCalls).toEqual([]);
    expect(api.requests[0]!.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'memory_search', arguments: '{"query":"kafka"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '[{"itemId":"k1"}]' },
    ]);
  });

  it('reads arguments that are not JSON as an empty object', async () => {
    const api = await fakeOpenAiServer(chatToolCalls([{ name: 'shell', arguments: '{oops' }]));
    closers.push(() => api.close());
    const turn = await openAiModel({ model: 'm', baseUrl: api.baseUrl }).chat({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(turn.toolCalls).toEqual([{ id: 'call_1', name: 'shell', arguments: {} }]);
    expect(api.requests[0]).not.toHaveProperty('tools');
  });
});

describe('chat with tools, Anthropic', () => {
  it('offers tools with input_schema and reads tool_use blocks', async () => {
    const api = await fakeAnthropicServer(
      messagesAnswer(
        [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'toolu_1', name: 'memory_search', input: { query: 'kafka' } },
        ],
        { inputTokens: 1000, outputTokens: 100 },
      ),
    );
    closers.push(() => api.close());
    const model = anthropicModel({
      model: 'claude-test',
      baseUrl: api.baseUrl,
      priceInputPer1k: 3,
      priceOutputPer1k: 15,
    });
    const turn = await model.chat({
      system: 'you write',
      messages: [{ role: 'user', content: 'write about kafka' }],
      tools: [search],
    });
    expect(turn).toEqual({
      text: 'Let me look.',
      toolCalls: [{ id: 'toolu_1', name: 'memory_search', arguments: { query: 'kafka' } }],
      model: 'anthropic/claude-test',
      usage: { inputTokens: 1000, outputTokens: 100, costUsd: 4.5 },
    });
    expect(api.requests[0]).toMatchObject({
      system: 'you write',
      max_tokens: 1024,
      tools: [
        { name: 'memory_search', description: 'Searches memory.', input_schema: search.parameters },
      ],
    });
  });

  it('sends tool results as tool_result blocks in one user turn', async () => {
    const api = await fakeAnthropicServer(messagesAnswer([{ type: 'text', text: 'done' }]));
    closers.push(() => api.close());
    const model = anthropicModel({ model: 'c', baseUrl: api.baseUrl });
    const messages: ChatMessage[] = [
      ...afterTool.slice(0, 1),
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 't1', name: 'memory_search', arguments: { query: 'a' } },
          { id: 't2', name: 'memory_search', arguments: { query: 'b' } },
        ],
      },
      { role: 'tool', toolCallId: 't1', content: 'A' },
      { role: 'tool', toolCallId: 't2', content: 'B' },
    ];
    expect((await model.chat({ messages, tools: [search] })).text).toBe('done');
    expect(api.requests[0]!.messages).toEqual([
      { role: 'user', content: 'write about kafka' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 't1', name: 'memory_search', input: { query: 'a' } },
          { type: 'tool_use', id: 't2', name: 'memory_search', input: { query: 'b' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'A' },
          { type: 'tool_result', tool_use_id: 't2', content: 'B' },
        ],
      },
    ]);
  });
});
