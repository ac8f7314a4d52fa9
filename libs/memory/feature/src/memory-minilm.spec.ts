import { resolve } from 'node:path';
import { MINILM_MODEL } from '@agora/embeddings';
import { missingMiniLmFiles } from '@agora/embeddings/minilm';
import { loadCorpus } from '@agora/memory/domain';
import { stackEnv, uniquePrefix } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryTestApp, type MemoryTestApp } from './testing';

/** Where `npm run stack:up` (and so CI, through the test set-up) puts the model. */
const modelDir = resolve(__dirname, '..', '..', '..', '..', MINILM_MODEL.defaultDir);

let memory: MemoryTestApp | undefined;

beforeAll(() => {
  // Missing files fail the suite, naming the command that fetches them; never a silent skip.
  expect(missingMiniLmFiles(modelDir), 'model files missing: run `npm run stack:up`').toEqual([]);
});

afterAll(async () => {
  await memory?.close();
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
