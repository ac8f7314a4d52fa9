import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddingModel } from './create-embedding-model';
import { LanguageModelError } from './language-model';
import { openAiEmbeddingModel } from './openai-embedding.provider';

type Reply = (body: { input: string[] }, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});

/** A local POST /v1/embeddings that answers with the next reply in the script (the last repeats). */
async function fakeEmbeddings(script: Reply[]) {
  const requests: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as { input: string[] };
      requests.push(body);
      script[Math.min(requests.length - 1, script.length - 1)]!(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests };
}

const json = (status: number, body: unknown, res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** Vector i is [i+1, text length, 0]; returned in reverse order to prove `index` is honoured. */
const ok: Reply = (body, res) =>
  json(
    200,
    {
      object: 'list',
      model: 'emb',
      data: body.input
        .map((text, index) => ({
          object: 'embedding',
          index,
          embedding: [index + 1, text.length, 0],
        }))
        .reverse(),
      usage: { prompt_tokens: 12, total_tokens: 12 },
    },
    res,
  );
const serverError: Reply = (_b, res) =>
  json(500, { error: { message: 'overloaded', type: 'server_error' } }, res);
const fast = { initialDelayMs: 10, maxDelayMs: 20 };

describe('OpenAI-compatible embedding model', () => {
  it('posts the texts as floats and returns one vector per text in order, with usage and cost', async () => {
    const api = await fakeEmbeddings([ok]);
    const model = openAiEmbeddingModel({ model: 'emb', baseUrl: api.url, priceInputPer1k: 0.5 });
    const result = await model.embed(['a', 'bbb']);
    expect(result).toEqual({
      vectors: [
        [1, 1, 0],
        [2, 3, 0],
      ],
      usage: { inputTokens: 12, costUsd: 0.006 },
    });
    expect(model.model).toBe('openai/emb');
    expect(api.requests[0]).toEqual({
      model: 'emb',
      input: ['a', 'bbb'],
      encoding_format: 'float',
    });
  });

  it('retries a 500 and succeeds on the next try', async () => {
    const api = await fakeEmbeddings([serverError, ok]);
    const model = openAiEmbeddingModel({ model: 'emb', baseUrl: api.url, ...fast });
    expect((await model.embed(['x'])).vectors).toEqual([[1, 1, 0]]);
    expect(api.requests).toHaveLength(2);
  });

  it('does not retry a 400 and says it is not retriable', async () => {
    const api = await fakeEmbeddings([
      (_b, res) =>
        json(400, { error: { message: 'bad model', type: 'invalid_request_error' } }, res),
    ]);
    const model = openAiEmbeddingModel({ model: 'emb', baseUrl: api.url, ...fast });
    const error = await model.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LanguageModelError);
    expect((error as LanguageModelError).retriable).toBe(false);
    expect((error as Error).message).toMatch(/openai\/emb: .*bad model/);
    expect(api.requests).toHaveLength(1);
  });

  it('times out a call that never answers and opens the circuit after repeated failures', async () => {
    const api = await fakeEmbeddings([() => undefined]);
    const model = openAiEmbeddingModel({
      model: 'emb',
      baseUrl: api.url,
      timeoutMs: 100,
      maxAttempts: 1,
      breakerThreshold: 2,
      ...fast,
    });
    for (let i = 0; i < 2; i++) {
      await expect(model.embed(['x'])).rejects.toThrow(/timed out after 100 ms/);
    }
    await expect(model.embed(['x'])).rejects.toThrow(/circuit open/);
    expect(api.requests).toHaveLength(2);
  });

  it('embeds nothing without calling the provider', async () => {
    const api = await fakeEmbeddings([ok]);
    const model = openAiEmbeddingModel({ model: 'emb', baseUrl: api.url });
    expect((await model.embed([])).vectors).toEqual([]);
    expect(api.requests).toHaveLength(0);
  });
});

describe('createEmbeddingModel', () => {
  it('returns no model for provider none and requires a model name for openai', () => {
    expect(createEmbeddingModel({})).toBeUndefined();
    expect(createEmbeddingModel({ provider: 'none', model: 'x' })).toBeUndefined();
    expect(() => createEmbeddingModel({ provider: 'openai' })).toThrow(/EMBEDDING_MODEL/);
    expect(createEmbeddingModel({ provider: 'openai', model: 'e' })?.model).toBe('openai/e');
  });
});
