import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../embedder';
import { MINILM_MODEL } from '../minilm-model';
import { openLocalEmbedder, selectLocalEmbedder } from './local-embedder';
import { MiniLmEmbedder, missingMiniLmFiles } from './minilm-embedder';

/** Where `npm run stack:up` (and so CI, through the test set-up) puts the model. */
const modelDir = resolve(__dirname, '..', '..', '..', '..', '..', MINILM_MODEL.defaultDir);

let embedder: MiniLmEmbedder | undefined;

beforeAll(async () => {
  // Missing files fail the suite, naming the command that fetches them; never a silent skip.
  expect(missingMiniLmFiles(modelDir), 'model files missing: run `npm run stack:up`').toEqual([]);
  embedder = await MiniLmEmbedder.open(modelDir);
});

afterAll(async () => {
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

  it('pads no short text to a long one, keeps recent vectors, and cuts a text at maxTokens', async () => {
    const small = await MiniLmEmbedder.open(modelDir, { maxTokens: 24, cacheSize: 2 });
    try {
      const widths: number[][] = [];
      const session = (small as unknown as { session: { run: (feeds: unknown) => unknown } })
        .session;
      const run = session.run.bind(session);
      session.run = (feeds) => {
        const ids = (feeds as { input_ids: { dims: readonly number[] } }).input_ids;
        widths.push([...ids.dims]);
        return run(feeds);
      };
      const words = 'partitions offsets replicas brokers leaders followers consumers producers';
      const long = `${words} ${words} ${words} ${words}`;
      // Two words and a text cut at 24 pieces are too far apart in length to share a batch.
      const [short, cut] = await small.embed(['lag grows', long]); // [CLS] lag grow ##s [SEP]
      expect(widths).toEqual([
        [1, 5],
        [1, 24],
      ]);
      // Seen lately: answered from the cache, with no inference.
      widths.length = 0;
      const [again] = await small.embed(['lag grows']);
      expect(widths).toEqual([]);
      expect(again).toEqual(short);
      // Cut at 24 word pieces: what comes after changes nothing.
      const [longer] = await small.embed([`${long} and then something else entirely`]);
      expect(cosineSimilarity(longer ?? [], cut ?? [])).toBeCloseTo(1, 5);
      // Two texts newer than its last use push it out of a cache of two.
      await small.embed(['one more text']);
      widths.length = 0;
      await small.embed(['lag grows']);
      expect(widths).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  it('fails to open without its files, naming them and `npm run stack:up`', async () => {
    await expect(MiniLmEmbedder.open('/nonexistent/minilm')).rejects.toThrow(
      /model\.onnx.*tokenizer\.json.*npm run stack:up/,
    );
  });
});

describe('local embedder settings', () => {
  const keys = { embedder: 'X_EMBEDDER', modelDir: 'X_MODEL_DIR' };

  it('settles auto by whether the model files are there', () => {
    expect(selectLocalEmbedder({ embedder: 'auto', modelDir, keys })).toBe('minilm');
    expect(selectLocalEmbedder({ embedder: 'auto', modelDir: '/nonexistent/minilm', keys })).toBe(
      'hashing',
    );
    expect(selectLocalEmbedder({ embedder: 'hashing', modelDir, keys })).toBe('hashing');
    expect(selectLocalEmbedder({ embedder: 'minilm', modelDir: '/nonexistent', keys })).toBe(
      'minilm',
    );
  });

  it("opens the selected embedder, and names the service's own keys when files are missing", async () => {
    const hashing = await openLocalEmbedder({ embedder: 'auto', modelDir: '/nonexistent', keys });
    expect(hashing.name).toBe('hashing');
    expect(hashing.embedder.id).toBe('hash-256');
    await expect(
      openLocalEmbedder({ embedder: 'minilm', modelDir: '/nonexistent/minilm', keys }),
    ).rejects.toThrow(
      /^X_EMBEDDER=minilm: model files missing: .*set X_MODEL_DIR to where they are$/,
    );
  });
});
