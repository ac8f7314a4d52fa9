import { afterEach, describe, expect, it } from 'vitest';
import { anthropicModel } from '../anthropic.provider';
import { LanguageModelError, type ChatRequest, type ToolDefinition } from '../language-model';
import { openAiModel } from '../openai.provider';
import {
  chatAnswer,
  chatToolCalls,
  fakeAnthropicServer,
  fakeOpenAiServer,
  messagesAnswer,
} from '../testing';
import { SseParser } from './sse';
import { AnthropicTurnAssembler, OpenAiTurnAssembler } from './turn-assemblers';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const search: ToolDefinition = {
  name: 'memory_search',
  description: 'Searches memory.',
  parameters: { type: 'object', properties: { query: { type: 'string' } } },
};
const answer = 'Kafka keeps the records of a partition in the order they were written.';

/** Calls chat with onToken, noting when each piece came and when the call resolved. */
async function streamed(
  chat: (request: ChatRequest) => Promise<unknown>,
  request: Omit<ChatRequest, 'onToken'>,
) {
  const pieces: { text: string; at: number }[] = [];
  const turn = await chat({ ...request, onToken: (text) => pieces.push({ text, at: Date.now() }) });
  return { turn, pieces, endedAt: Date.now() };
}

describe('server-sent events', () => {
  it('parses events cut anywhere, with CRLF, comments, names and multi-line data', () => {
    const body =
      ': keep-alive\r\nevent: message_start\r\ndata: {"a":1}\r\n\r\ndata: one\ndata: two\n\nid: 7\nretry: 10\ndata:no-space\n\ndata: [DONE]\n\n';
    for (const size of [1, 2, 3, 7, body.length]) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < body.length; i += size)
        events.push(...parser.push(body.slice(i, i + size)));
      expect(events, `pieces of ${size}`).toEqual([
        { event: 'message_start', data: '{"a":1}' },
        { data: 'one\ntwo' },
        { data: 'no-space' },
        { data: '[DONE]' },
      ]);
    }
  });

  it('drops an event the body ends in the middle of', () => {
    const parser = new SseParser();
    expect(parser.push('data: whole\n\ndata: cut')).toEqual([{ data: 'whole' }]);
    expect(parser.end()).toEqual([]);
  });
});

describe('OpenAI-compatible streaming', () => {
  it('streams the text in pieces before the turn ends, and asks for the usage', async () => {
    const api = await fakeOpenAiServer(
      chatAnswer(answer, {
        promptTokens: 300,
        completionTokens: 17,
        chunkChars: 5,
        chunkDelayMs: 15,
      }),
    );
    closers.push(() => api.close());
    const model = openAiModel({ model: 'llama3', baseUrl: api.baseUrl, priceOutputPer1k: 1 });
    const { turn, pieces, endedAt } = await streamed((r) => model.chat(r), {
      messages: [{ role: 'user', content: 'order?' }],
    });
    expect(turn).toEqual({
      text: answer,
      toolCalls: [],
      model: 'openai/llama3',
      usage: { inputTokens: 300, outputTokens: 17, costUsd: 0.017 },
    });
    expect(pieces.map((p) => p.text).join('')).toBe(answer);
    expect(pieces.length).toBe(Math.ceil(answer.length / 5));
    // The first piece came while the rest was still on its way (15 pieces 15 ms apart).
    expect(endedAt - pieces[0]!.at).toBeGreaterThan(100);
    expect(api.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('assembles tool calls from their streamed fragments', async () => {
    const api = await fakeOpenAiServer(
      chatToolCalls(
        [
          { id: 'call_a', name: 'memory_search', arguments: { query: 'kafka partitions' } },
          { id: 'call_b', name: 'memory_search', arguments: { query: 'consumer groups' } },
        ],
        { promptTokens: 50, completionTokens: 9, chunkChars: 3, chunkDelayMs: 1 },
      ),
    );
    closers.push(() => api.close());
    const model = openAiModel({ model: 'm', baseUrl: api.baseUrl });
    const { turn, pieces } = await streamed((r) => model.chat(r), {
      messages: [{ role: 'user', content: 'search' }],
      tools: [search],
    });
    expect(turn).toMatchObject({
      text: '',
      toolCalls: [
        { id: 'call_a', name: 'memory_search', arguments: { query: 'kafka partitions' } },
        { id: 'call_b', name: 'memory_search', arguments: { query: 'consumer groups' } },
      ],
      usage: { inputTokens: 50, outputTokens: 9 },
    });
    expect(pieces).toEqual([]);
  });

  it('reads a server that ignores stream and answers whole', async () => {
    const api = await fakeOpenAiServer((res) => chatAnswer(answer)(res));
    closers.push(() => api.close());
    const model = openAiModel({ model: 'm', baseUrl: api.baseUrl });
    const { turn, pieces } = await streamed((r) => model.chat(r), {
      messages: [{ role: 'user', content: 'q' }],
    });
    expect(turn).toMatchObject({ text: answer, usage: { inputTokens: 100, outputTokens: 20 } });
    expect(pieces.map((p) => p.text)).toEqual([answer]);
  });

  it('assembles interleaved fragments by index and fails on an error chunk, retriable', () => {
    const a = new OpenAiTurnAssembler();
    const fragment = (index: number, f: { id?: string; name?: string; arguments?: string }) => ({
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index,
                ...(f.id ? { id: f.id, type: 'function' } : {}),
                function: {
                  ...(f.name ? { name: f.name } : {}),
                  ...(f.arguments ? { arguments: f.arguments } : {}),
                },
              },
            ],
          },
        },
      ],
    });
    expect(a.add({ choices: [{ index: 0, delta: { content: 'Let me look. ' } }] })).toBe(
      'Let me look. ',
    );
    a.add(fragment(1, { id: 'b', name: 'http_get' }));
    a.add(fragment(0, { id: 'a', name: 'memory_search' }));
    a.add(fragment(0, { arguments: '{"query":' }));
    a.add(fragment(1, { arguments: '{"url":"https://x"}' }));
    a.add(fragment(0, { arguments: '"kafka"}' }));
    a.add({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 3 } });
    expect(a.turn()).toEqual({
      text: 'Let me look. ',
      toolCalls: [
        { id: 'a', name: 'memory_search', arguments: { query: 'kafka' } },
        { id: 'b', name: 'http_get', arguments: { url: 'https://x' } },
      ],
      inputTokens: 12,
      outputTokens: 3,
    });
    const failing = new OpenAiTurnAssembler();
    expect(() => failing.add({ error: { message: 'overloaded' } })).toThrow(
      expect.objectContaining({
        retriable: true,
        message: expect.stringContaining('overloaded'),
      }) as Error,
    );
  });
});

describe('Anthropic streaming', () => {
  it('streams text deltas and assembles tool_use input from input_json_delta pieces', async () => {
    const api = await fakeAnthropicServer(
      messagesAnswer(
        [
          { type: 'text', text: answer },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'memory_search',
            input: { query: 'kafka order' },
          },
        ],
        { inputTokens: 210, outputTokens: 33, chunkChars: 6, chunkDelayMs: 10 },
      ),
    );
    closers.push(() => api.close());
    const model = anthropicModel({ model: 'claude-test', baseUrl: api.baseUrl });
    const { turn, pieces, endedAt } = await streamed((r) => model.chat(r), {
      messages: [{ role: 'user', content: 'order?' }],
      tools: [search],
    });
    expect(turn).toEqual({
      text: answer,
      toolCalls: [{ id: 'toolu_1', name: 'memory_search', arguments: { query: 'kafka order' } }],
      model: 'anthropic/claude-test',
      usage: { inputTokens: 210, outputTokens: 33, costUsd: 0 },
    });
    expect(pieces.map((p) => p.text).join('')).toBe(answer);
    expect(pieces.length).toBe(Math.ceil(answer.length / 6));
    expect(endedAt - pieces[0]!.at).toBeGreaterThan(100);
    expect(api.requests[0]).toMatchObject({ stream: true });
  });

  it('reads usage from message_start and message_delta, and fails on an error event', () => {
    const a = new AnthropicTurnAssembler();
    a.add({ type: 'message_start', message: { usage: { input_tokens: 40, output_tokens: 1 } } });
    a.add({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 't', name: 'noop', input: {} },
    });
    a.add({ type: 'content_block_stop', index: 0 });
    a.add({ type: 'ping' });
    a.add({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use' },
      usage: { output_tokens: 7 },
    });
    expect(a.turn()).toEqual({
      text: '',
      toolCalls: [{ id: 't', name: 'noop', arguments: {} }],
      inputTokens: 40,
      outputTokens: 7,
    });
    const failing = new AnthropicTurnAssembler();
    let thrown: unknown;
    try {
      failing.add({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LanguageModelError);
    expect((thrown as LanguageModelError).retriable).toBe(true);
    expect((thrown as Error).message).toContain('overloaded_error: Overloaded');
  });
});
