import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openAiEmbeddingModel } from '@agora/llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelEmbedder } from '@agora/embeddings';
import { createEmbedder } from './memory-embedder';

let server: Server;
let baseUrl: string;
const batches: string[][] = [];

/** POST /v1/embeddings answering [3, 4, length of text] for each input. */
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const { input } = JSON.parse(raw) as { input: string[] };
      batches.push(input);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          object: 'list',
          model: 'm',
          data: input.map((t, index) => ({
            object: 'embedding',
            index,
            embedding: [3, 4, t.length],
          })),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const openai = (dims: number) =>
  createEmbedder({
    EMBEDDING_PROVIDER: 'openai',
    EMBEDDING_BASE_URL: baseUrl,
    EMBEDDING_MODEL: 'tiny',
    EMBEDDING_DIMENSIONS: dims,
  });

describe('createEmbedder', () => {
  it('keeps the hashing embedder without a provider', () => {
    expect(createEmbedder({}).id).toBe('hash-256');
    expect(createEmbedder({ EMBEDDING_PROVIDER: 'none', EMBEDDING_MODEL: 'x' }).id).toBe(
      'hash-256',
    );
  });

  it('uses the provider model, named by model and dimensions, with l2-normalised vectors', async () => {
    const embedder = openai(3);
    expect(embedder).toBeInstanceOf(ModelEmbedder);
    expect(embedder.id).toBe('openai:tiny:3');
    const [v] = await embedder.embed(['']);
    expect(v).toEqual([0.6, 0.8, 0]);
  });

  it('rejects vectors of another length, naming EMBEDDING_DIMENSIONS', async () => {
    await expect(openai(2).embed(['x'])).rejects.toThrow(
      /EMBEDDING_DIMENSIONS: openai\/tiny returned vectors of 3 dimensions, configured 2/,
    );
    await expect(openai(4).embed(['x'])).rejects.toThrow(/EMBEDDING_DIMENSIONS/);
  });

  it('requires dimensions with a provider', () => {
    expect(() =>
      createEmbedder({
        EMBEDDING_PROVIDER: 'openai',
        EMBEDDING_MODEL: 'tiny',
        EMBEDDING_BASE_URL: baseUrl,
      }),
    ).toThrow(/EMBEDDING_DIMENSIONS/);
  });
});

describe('ModelEmbedder batching', () => {
  it('sends texts in batches and keeps their order', async () => {
    const small = new ModelEmbedder(openAiEmbeddingModel({ model: 'tiny', baseUrl }), 'tiny', 3, 2);
    batches.length = 0;
    const vectors = await small.embed(['a', 'bb', 'ccc']);
    expect(batches).toEqual([['a', 'bb'], ['ccc']]);
    expect(vectors.map((v) => Math.round((v[2]! / v[0]!) * 3))).toEqual([1, 2, 3]);
  });
});
