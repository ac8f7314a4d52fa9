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
  const api = await scriptedServer<FakeChatRequest>('/v1/chat/completions', replies);
  return { ...api, baseUrl: `${api.url}/v1` };
}

/** A scripted JSON endpoint on 127.0.0.1: request n gets reply n, the last repeating. */
export async function scriptedServer<Body>(
  path: string,
  replies: FakeReply | readonly FakeReply[],
): Promise<{ url: string; requests: Body[]; close(): Promise<void> }> {
  const script: readonly FakeReply[] = typeof replies === 'function' ? [replies] : replies;
  const requests: Body[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (req.url !== path) {
        res.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(raw) as Body);
      script[Math.min(requests.length - 1, script.length - 1)]?.(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Token usage and model a scripted completion reports. */
type CompletionOptions = { model?: string; promptTokens?: number; completionTokens?: number };

/** One chat.completion answering with `message`, reporting the given usage. */
function completion(
  message: Record<string, unknown>,
  finishReason: 'stop' | 'tool_calls',
  options: CompletionOptions,
): FakeReply {
  const { model = 'fake-model', promptTokens = 100, completionTokens = 20 } = options;
  return (res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [{ index: 0, message, finish_reason: finishReason }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      }),
    );
  };
}

/** A successful completion with `content`, reporting the given token usage. */
export function chatAnswer(content: string, options: CompletionOptions = {}): FakeReply {
  return completion({ role: 'assistant', content }, 'stop', options);
}

/** A 500 with an OpenAI-style error body: retriable. */
export const serverError: FakeReply = (res) => {
  res
    .writeHead(500, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
};

/** A turn that calls tools (`arguments` as objects; sent as the JSON strings the API uses). */
export function chatToolCalls(
  calls: readonly { id?: string; name: string; arguments: Record<string, unknown> | string }[],
  options: CompletionOptions = {},
): FakeReply {
  const toolCalls = calls.map((c, i) => ({
    id: c.id ?? `call_${i + 1}`,
    type: 'function',
    function: {
      name: c.name,
      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
    },
  }));
  return completion(
    { role: 'assistant', content: null, tool_calls: toolCalls },
    'tool_calls',
    options,
  );
}
