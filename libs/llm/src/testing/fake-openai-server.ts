import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one request. */
export type FakeReply = (res: ServerResponse) => void;

/** A chat-completions request body, as the fake received it. */
export interface FakeChatRequest {
  model?: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  [field: string]: unknown;
}

export interface FakeOpenAi {
  /** Pass as the provider's base URL. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: FakeChatRequest[];
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible `/v1/chat/completions` endpoint on 127.0.0.1 (a port the OS picks).
 * A single reply answers every request; a list answers request n with reply n, the last repeating.
 */
export async function fakeOpenAiServer(
  replies: FakeReply | readonly FakeReply[],
): Promise<FakeOpenAi> {
  const script: readonly FakeReply[] = typeof replies === 'function' ? [replies] : replies;
  const requests: FakeChatRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(raw) as FakeChatRequest);
      script[Math.min(requests.length - 1, script.length - 1)]?.(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A successful completion with `content`, reporting the given token usage. */
export function chatAnswer(
  content: string,
  options: { model?: string; promptTokens?: number; completionTokens?: number } = {},
): FakeReply {
  const { model = 'fake-model', promptTokens = 100, completionTokens = 20 } = options;
  return (res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      }),
    );
  };
}

/** A 500 with an OpenAI-style error body: retriable. */
export const serverError: FakeReply = (res) => {
  res
    .writeHead(500, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
};
