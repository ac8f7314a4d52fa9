import {
  piecesOf,
  scriptedServer,
  wantsStream,
  writeEvents,
  type FakeReply,
  type StreamPacing,
} from './fake-openai-server';

/** A Messages API request body, as the fake received it. */
export interface FakeMessagesRequest {
  model?: string;
  system?: string;
  messages: { role: string; content: unknown }[];
  tools?: { name: string; description: string; input_schema: unknown }[];
  [field: string]: unknown;
}

export interface FakeAnthropic {
  /** Pass as the provider's base URL. */
  baseUrl: string;
  requests: FakeMessagesRequest[];
  close(): Promise<void>;
}

/** A local Anthropic-compatible `/v1/messages` endpoint; replies as for fakeOpenAiServer. */
export async function fakeAnthropicServer(
  replies: FakeReply | readonly FakeReply[],
): Promise<FakeAnthropic> {
  const api = await scriptedServer<FakeMessagesRequest>('/v1/messages', replies);
  return { ...api, baseUrl: api.url };
}

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/**
 * A message of content blocks: text and tool_use (stop_reason tool_use when there is one).
 * Streamed: message_start (input tokens), per block a content_block_start, its text_delta or
 * input_json_delta pieces and a content_block_stop, then message_delta (stop reason, output
 * tokens) and message_stop.
 */
export function messagesAnswer(
  blocks: readonly Block[],
  options: { inputTokens?: number; outputTokens?: number } & StreamPacing = {},
): FakeReply {
  const { inputTokens = 100, outputTokens = 20 } = options;
  const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  return (res, request) => {
    if (wantsStream(request)) {
      const size = options.chunkChars ?? 4;
      const events: (readonly [string, unknown])[] = [
        [
          'message_start',
          {
            type: 'message_start',
            message: {
              id: 'msg_1',
              type: 'message',
              role: 'assistant',
              model: 'claude-test',
              content: [],
              stop_reason: null,
              usage: { input_tokens: inputTokens, output_tokens: 1 },
            },
          },
        ],
      ];
      blocks.forEach((block, index) => {
        const start =
          block.type === 'text'
            ? { type: 'text', text: '' }
            : { type: 'tool_use', id: block.id, name: block.name, input: {} };
        events.push([
          'content_block_start',
          { type: 'content_block_start', index, content_block: start },
        ]);
        const pieces =
          block.type === 'text'
            ? piecesOf(block.text, size).map((text) => ({ type: 'text_delta', text }))
            : piecesOf(JSON.stringify(block.input), size).map((partial_json) => ({
                type: 'input_json_delta',
                partial_json,
              }));
        for (const delta of pieces) {
          events.push(['content_block_delta', { type: 'content_block_delta', index, delta }]);
        }
        events.push(['content_block_stop', { type: 'content_block_stop', index }]);
      });
      events.push([
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { output_tokens: outputTokens },
        },
      ]);
      events.push(['message_stop', { type: 'message_stop' }]);
      writeEvents(res, events, options.chunkDelayMs ?? 5);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-test',
        content: blocks,
        stop_reason: stopReason,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      }),
    );
  };
}
