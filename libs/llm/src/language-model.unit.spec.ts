import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicModel } from './anthropic.provider';
import { createLanguageModel } from './create-language-model';
import { LanguageModelError } from './language-model';
import { openAiModel } from './openai.provider';

type Reply = (body: Record<string, unknown>, res: ServerResponse) => void;

/** A local server that answers each request with the next reply in the script (the last repeats). */
async function fakeApi(path: string, script: Reply[]) {
  const requests: Record<string, unknown>[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (req.url !== path) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push(body);
      const reply = script[Math.min(requests.length - 1, script.length - 1)]!;
      reply(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, requests };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});

const json =
  (status: number, body: unknown): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
const openAiOk = (text: string) =>
  json(200, {
    id: 'c1',
    object: 'chat.completion',
    created: 0,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
  });
const anthropicOk = (text: string) =>
  json(200, {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-test',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    usage: { input_tokens: 200, output_tokens: 50 },
  });
const serverError = json(500, { error: { message: 'overloaded', type: 'server_error' } });
const hang: Reply = () => undefined;
const fast = { initialDelayMs: 10, maxDelayMs: 20 };

describe('OpenAI-compatible provider', () => {
  it('sends system and prompt as chat messages and accounts tokens and cost', async () => {
    const api = await fakeApi('/v1/chat/completions', [openAiOk('hello there')]);
    const model = openAiModel({
      model: 'llama3',
      baseUrl: `${api.url}/v1`,
      priceInputPer1k: 0.5,
      priceOutputPer1k: 1.5,
    });
    const result = await model.complete({ system: 'be brief', prompt: 'hi', maxTokens: 64 });
    expect(result).toEqual({
      text: 'hello there',
      model: 'openai/llama3',
      usage: { inputTokens: 120, outputTokens: 30, costUsd: 0.105 },
    });
    expect(api.requests[0]).toMatchObject({
      model: 'llama3',
      max_tokens: 64,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('retries a 500 and succeeds on the next try', async () => {
    const api = await fakeApi('/v1/chat/completions', [serverError, openAiOk('second time')]);
    const model = openAiModel({ model: 'm', baseUrl: `${api.url}/v1`, ...fast });
    const result = await model.complete({ prompt: 'x' });
    expect(result.text).toBe('second time');
    expect(api.requests).toHaveLength(2);
  });

  it('does not retry a 400 and says it is not retriable', async () => {
    const api = await fakeApi('/v1/chat/completions', [
      json(400, { error: { message: 'bad model', type: 'invalid_request_error' } }),
    ]);
    const model = openAiModel({ model: 'm', baseUrl: `${api.url}/v1`, ...fast });
    const error = await model.complete({ prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LanguageModelError);
    expect((error as LanguageModelError).retriable).toBe(false);
    expect(api.requests).toHaveLength(1);
  });

  it('times out a call that never answers, retries it, then fails as retriable', async () => {
    const api = await fakeApi('/v1/chat/completions', [hang]);
    const model = openAiModel({
      model: 'm',
      baseUrl: `${api.url}/v1`,
      timeoutMs: 200,
      maxAttempts: 2,
      ...fast,
    });
    const started = Date.now();
    const error = await model.complete({ prompt: 'x' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/timed out after 200 ms/);
    expect((error as LanguageModelError).retriable).toBe(true);
    expect(api.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('opens the circuit after repeated failures and then stops calling the provider', async () => {
    const api = await fakeApi('/v1/chat/completions', [serverError]);
    const model = openAiModel({
      model: 'm',
      baseUrl: `${api.url}/v1`,
      maxAttempts: 1,
      breakerThreshold: 3,
      breakerResetMs: 60_000,
      ...fast,
    });
    for (let i = 0; i < 3; i++) {
      const error = await model.complete({ prompt: 'x' }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/overloaded|500/);
    }
    const error = await model.complete({ prompt: 'x' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/circuit open/);
    expect((error as LanguageModelError).retriable).toBe(true);
    expect(api.requests).toHaveLength(3);
  });
});

describe('Anthropic provider', () => {
  it('sends a Messages request and reads text blocks and usage', async () => {
    const api = await fakeApi('/v1/messages', [anthropicOk('bonjour')]);
    const model = anthropicModel({
      model: 'claude-test',
      baseUrl: api.url,
      apiKey: 'k',
      priceInputPer1k: 3,
      priceOutputPer1k: 15,
    });
    const result = await model.complete({ system: 'sys', prompt: 'hello', maxTokens: 100 });
    expect(result).toEqual({
      text: 'bonjour',
      model: 'anthropic/claude-test',
      usage: { inputTokens: 200, outputTokens: 50, costUsd: 1.35 },
    });
    expect(api.requests[0]).toMatchObject({
      model: 'claude-test',
      max_tokens: 100,
      system: 'sys',
      messages: [{ role: 'user', content: 'hello' }],
    });
  });

  it('retries a 500 then succeeds', async () => {
    const api = await fakeApi('/v1/messages', [serverError, anthropicOk('ok')]);
    const model = anthropicModel({ model: 'c', baseUrl: api.url, ...fast });
    expect((await model.complete({ prompt: 'x' })).text).toBe('ok');
    expect(api.requests).toHaveLength(2);
  });

  it('times out and opens the circuit after repeated timeouts', async () => {
    const api = await fakeApi('/v1/messages', [hang]);
    const model = anthropicModel({
      model: 'c',
      baseUrl: api.url,
      timeoutMs: 100,
      maxAttempts: 1,
      breakerThreshold: 2,
      ...fast,
    });
    for (let i = 0; i < 2; i++) {
      await expect(model.complete({ prompt: 'x' })).rejects.toThrow(/timed out after 100 ms/);
    }
    await expect(model.complete({ prompt: 'x' })).rejects.toThrow(/circuit open/);
    expect(api.requests).toHaveLength(2);
  });
});

describe('createLanguageModel', () => {
  it('returns no model for provider none and requires a model name otherwise', () => {
    expect(createLanguageModel({ provider: 'none' })).toBeUndefined();
    expect(() => createLanguageModel({ provider: 'openai' })).toThrow(/LLM_MODEL/);
    expect(createLanguageModel({ provider: 'anthropic', model: 'c' })?.model).toBe('anthropic/c');
  });
});
