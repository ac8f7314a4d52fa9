import { resolve } from 'node:path';
import { cosineSimilarity, loadCorpus, MINILM_MODEL } from '@agora/memory/domain';
import { stackEnv, uniquePrefix } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniLmEmbedder, missingMiniLmFiles } from './minilm-embedder';
import { startMemoryTestApp, type MemoryTestApp } from './testing';

/** Where `npm run stack:up` (and so CI, through the test set-up) puts the model. */
const modelDir = resolve(__dirname, '..', '..', '..', '..', MINILM_MODEL.defaultDir);

let embedder: MiniLmEmbedder | undefined;
let memory: MemoryTestApp | undefined;

beforeAll(async () => {
  // Missing files fail the suite, naming the command that fetches them; never a silent skip.
  expect(missingMiniLmFiles(modelDir), 'model files missing: run `npm run stack:up`').toEqual([]);
  embedder = await MiniLmEmbedder.open(modelDir);
});

afterAll(async () => {
  await memory?.close();
  await embedder?.close();
});

describe('MiniLmEmbedder', () => {
  it('names its vector space and returns unit vectors of 384 dimensions, in order', async () => {
    expect(embedder?.id).toBe('minilm-l6-v2:384');
    const texts = ['a short one', 'a much longer text about partitions, offsets and replicas', ''];
    const vectors = (await embedder?.embed(texts)) ?? [];
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(384);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    // batching and sorting by length change nothing: each text alone gives the same vector
    const [alone] = (await embedder?.embed([texts[1] ?? ''])) ?? [];
    expect(cosineSimilarity(alone ?? [], vectors[1] ?? [])).toBeCloseTo(1, 5);
  });

  it('matches sentence-transformers on its model card sentence', async () => {
    const [vector] = (await embedder?.embed(['This is an example sentence'])) ?? [];
    expect(vector?.slice(0, 3).map((v) => Number(v.toFixed(4)))).toEqual([0.0677, 0.0635, 0.0487]);
  });

  it('puts paraphrases closer together than unrelated sentences', async () => {
    const [lag, backlog, schema] =
      (await embedder?.embed([
        'The consumer falls behind and its lag keeps growing.',
        'The reader cannot keep pace, so unprocessed work piles up.',
        'Avro field names are not repeated in every record.',
      ])) ?? [];
    const paraphrase = cosineSimilarity(lag ?? [], backlog ?? []);
    expect(paraphrase).toBeGreaterThan(cosineSimilarity(lag ?? [], schema ?? []) + 0.1);
    expect(paraphrase).toBeGreaterThan(cosineSimilarity(backlog ?? [], schema ?? []) + 0.1);
  });

  it('fails to open without its files, naming them and `npm run stack:up`', async () => {
    await expect(MiniLmEmbedder.open('/nonexistent/minilm')).rejects.toThrow(
      /model\.onnx.*tokenizer\.json.*npm run stack:up/,
    );
  });
});

describe('memory search with MEMORY_EMBEDDER=minilm', () => {
  it('ranks the document a paraphrased query means first', async () => {
    memory = await startMemoryTestApp({
      stack: stackEnv(),
      label: 'memory-minilm',
      topicPrefix: uniquePrefix('memory-minilm'),
      config: { MEMORY_EMBEDDER: 'minilm', MEMORY_MODEL_DIR: modelDir },
    });
    const corpus = await loadCorpus();
    const stored = await fetch(`${memory.url}/memory/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: corpus }),
    });
    expect(stored.status).toBe(201);
    // shares no content word with the dead-letter document
    const query = 'where should a message go that keeps crashing my worker?';
    const res = await fetch(`${memory.url}/memory/search?q=${encodeURIComponent(query)}&k=3`);
    expect(res.status, await res.clone().text()).toBe(200);
    const { hits } = (await res.json()) as { hits: { itemId: string }[] };
    expect(hits[0]?.itemId).toMatch(/^doc:dead-letter-queues#/);
  });
});
