import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the fake answers one request; `request` is its parsed body. The replies below stream
 * (server-sent events, in chunks) when the body asks for it with `stream: true`, and answer
 * whole otherwise, or when called without the request.
 */
export type FakeReply = (res: ServerResponse, request?: unknown) => void;

/** How a streamed reply is cut and paced. */
export interface StreamPacing {
  /** Characters of text (or of a tool call's arguments) per chunk. @default 4 */
  chunkChars?: number;
  /** Wait before each chunk, so a client sees pieces before the end. @default 5 */
  chunkDelayMs?: number;
}

/** Whether a request body asks for a streamed answer. */
export function wantsStream(request: unknown): boolean {
  return (request as { stream?: unknown } | undefined)?.stream === true;
}

/** `text` in pieces of `size` characters (one empty piece for empty text). */
export function piecesOf(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += Math.max(1, size)) pieces.push(text.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}

/**
 * Writes server-sent events one by one, `delayMs` apart, then ends the response; stops early
 * when the client goes away. Each event is `[event name or null, JSON data]`, or a raw data
 * string such as `[DONE]`.
 */
export function writeEvents(
  res: ServerResponse,
  events: readonly (readonly [string | null, unknown])[],
  delayMs: number,
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    const item = events[i++];
    if (!item) {
      res.end();
      return;
    }
    const [name, data] = item;
    res.write(
      `${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    );
    setTimeout(next, delayMs);
  };
  setTimeout(next, delayMs);
}

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
      const body = JSON.parse(raw) as Body;
      requests.push(body);
      script[Math.min(requests.length - 1, script.length - 1)]?.(res, body);
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

/** Token usage and model a scripted completion reports, and how it streams when asked to. */
type CompletionOptions = {
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
} & StreamPacing;

type FakeToolCall = { id: string; type: string; function: { name: string; arguments: string } };

/**
 * One chat.completion answering with `message`, reporting the given usage; streamed, its
 * chunks: the role, the text in pieces, each tool call's id and name then its arguments in
 * pieces, the finish reason, and a last chunk with the usage and no choices, then `[DONE]`.
 */
function completion(
  message: { role: 'assistant'; content: string | null; tool_calls?: FakeToolCall[] },
  finishReason: 'stop' | 'tool_calls',
  options: CompletionOptions,
): FakeReply {
  const { model = 'fake-model', promptTokens = 100, completionTokens = 20 } = options;
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  return (res, request) => {
    if (wantsStream(request)) {
      const size = options.chunkChars ?? 4;
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        [
          null,
          {
            id: 'c1',
            object: 'chat.completion.chunk',
            created: 0,
            model,
            choices: [{ index: 0, delta, finish_reason: finish }],
          },
        ] as const;
      const events: (readonly [string | null, unknown])[] = [chunk({ role: 'assistant' })];
      if (message.content) {
        for (const piece of piecesOf(message.content, size)) events.push(chunk({ content: piece }));
      }
      (message.tool_calls ?? []).forEach((call, index) => {
        events.push(
          chunk({
            tool_calls: [
              { index, id: call.id, type: 'function', function: { name: call.function.name } },
            ],
          }),
        );
        for (const piece of piecesOf(call.function.arguments, size)) {
          events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
        }
      });
      events.push(chunk({}, finishReason));
      events.push([
        null,
        { id: 'c1', object: 'chat.completion.chunk', created: 0, model, choices: [], usage },
      ]);
      events.push([null, '[DONE]']);
      writeEvents(res, events, options.chunkDelayMs ?? 5);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [{ index: 0, message, finish_reason: finishReason }],
        usage,
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
