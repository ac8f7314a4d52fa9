import { resolve } from 'node:path';
import { HashingEmbedder, MINILM_MODEL } from '@agora/embeddings';
import { missingMiniLmFiles } from '@agora/embeddings/minilm';
import {
  relevanceCheck,
  relevanceThreshold,
  relevanceTo,
  type RelevanceEmbedder,
} from '@agora/evaluator/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openRelevanceEmbedder,
  relevanceThresholds,
  selectRelevanceEmbedder,
} from './relevance-embedder';

/** Where `npm run stack:up` (and so CI, through the test set-up) puts the model. */
const modelDir = resolve(__dirname, '..', '..', '..', '..', MINILM_MODEL.defaultDir);

let minilm: RelevanceEmbedder | undefined;

beforeAll(async () => {
  // Missing files fail the suite, naming the command that fetches them; never a silent skip.
  expect(missingMiniLmFiles(modelDir), 'model files missing: run `npm run stack:up`').toEqual([]);
  minilm = await openRelevanceEmbedder({ EVAL_MODEL_DIR: modelDir });
});

afterAll(async () => {
  const embedder = minilm?.embedder;
  if (embedder && 'close' in embedder && typeof embedder.close === 'function')
    await (embedder.close as () => Promise<void>)();
});

describe('the relevance embedder', () => {
  it('is MiniLM when its files are there (auto, the default), hashing when they are not', async () => {
    expect(minilm?.name).toBe('minilm');
    expect(minilm?.embedder.id).toBe(MINILM_MODEL.embedderId);
    expect(selectRelevanceEmbedder({ EVAL_MODEL_DIR: '/nonexistent/minilm' })).toBe('hashing');
    expect(
      selectRelevanceEmbedder({ EVAL_RELEVANCE_EMBEDDER: 'hashing', EVAL_MODEL_DIR: modelDir }),
    ).toBe('hashing');
    const fallback = await openRelevanceEmbedder({ EVAL_MODEL_DIR: '/nonexistent/minilm' });
    expect(fallback.name).toBe('hashing');
    await expect(
      openRelevanceEmbedder({ EVAL_RELEVANCE_EMBEDDER: 'minilm', EVAL_MODEL_DIR: '/nonexistent' }),
    ).rejects.toThrow(
      /^EVAL_RELEVANCE_EMBEDDER=minilm: model files missing: .*npm run stack:up.*EVAL_MODEL_DIR/,
    );
  });

  it('has a threshold per embedder, each set by its own key', () => {
    expect(relevanceThresholds({})).toEqual({ hashing: 0.1, minilm: 0.25 });
    expect(
      relevanceThresholds({ EVAL_RELEVANCE_THRESHOLD: 0.2, EVAL_RELEVANCE_THRESHOLD_MINILM: 0.4 }),
    ).toEqual({ hashing: 0.2, minilm: 0.4 });
  });
});

describe('relevance judged by MiniLM', () => {
  const goal =
    'Answer this customer\nmessage: I was charged twice for my subscription this month and want my money back';
  /** Answers the complaint without its words: hashed stems hardly meet. */
  const paraphrase =
    'You are right, our system billed your card two times on the 3rd. The extra payment has ' +
    'been returned to you and should show up on your statement in a few days. Apologies!';
  const offTopic =
    'A schema registry stores every version of a topic’s schema and checks each new version ' +
    'against the old ones under a compatibility rule such as BACKWARD.';
  const thresholds = relevanceThresholds({});

  /** The check as the evaluation service makes it, for one embedder. */
  const check = async (judge: RelevanceEmbedder, text: string) => {
    const threshold = relevanceThreshold(judge.name, thresholds);
    const similarity = await relevanceTo(judge, goal, text);
    return {
      similarity,
      check: relevanceCheck(similarity, goal, { threshold, embedder: judge.name }),
    };
  };

  it('accepts an on-topic paraphrase that the hashing embedder rejects', async () => {
    const byMiniLm = await check(minilm!, paraphrase);
    expect(byMiniLm.check).toMatchObject({ name: 'relevance', score: 1 });
    const byHashing = await check({ name: 'hashing', embedder: new HashingEmbedder() }, paraphrase);
    expect(byHashing.similarity).toBeLessThan(thresholds.hashing);
    expect(byHashing.check?.problems[0]).toMatch(/below 0\.1 \(hashing\)/);
  });

  it('rejects an off-topic output, naming MiniLM as the judge', async () => {
    const { similarity, check: rejected } = await check(minilm!, offTopic);
    expect(similarity).toBeLessThan(thresholds.minilm);
    expect(rejected).toMatchObject({ name: 'relevance', hard: true });
    expect(rejected?.problems[0]).toMatch(
      /^the output is off-topic: its similarity to the goal is 0\.\d\d, below 0\.25 \(minilm\); answer the goal itself \(/,
    );
  });
});
