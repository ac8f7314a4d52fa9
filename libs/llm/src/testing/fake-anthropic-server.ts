import { scriptedServer, type FakeReply } from './fake-openai-server';

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

/** A message of content blocks: text and tool_use (stop_reason tool_use when there is one). */
export function messagesAnswer(
  blocks: readonly Block[],
  options: { inputTokens?: number; outputTokens?: number } = {},
): FakeReply {
  const { inputTokens = 100, outputTokens = 20 } = options;
  return (res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-test',
        content: blocks,
        stop_reason: blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn',
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      }),
    );
  };
}
