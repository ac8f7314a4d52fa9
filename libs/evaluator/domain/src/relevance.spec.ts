import { HashingEmbedder } from '@agora/embeddings';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RELEVANCE_THRESHOLDS,
  relevanceCheck,
  relevanceThreshold,
  relevanceTo,
  stem,
  type RelevanceEmbedder,
} from './relevance';

const embedder: RelevanceEmbedder = { name: 'hashing', embedder: new HashingEmbedder() };
const settings = { threshold: 0.1, embedder: 'hashing' as const };

describe('relevance of an output to its goal', () => {
  const goal = 'How do consumer groups and partitions let Kafka scale event processing?';

  it('scores an answer about the goal well above one about something else', async () => {
    const onTopic = await relevanceTo(
      embedder,
      goal,
      'Kafka assigns each partition of a topic to one consumer of a group, so adding consumers ' +
        'to the group spreads the partitions and the processing across them.',
    );
    const offTopic = await relevanceTo(
      embedder,
      goal,
      'Lisbon has mild winters; book the venue early, plan a walking tour of Alfama and a ' +
        'dinner with fado for the whole team.',
    );
    expect(onTopic).toBeGreaterThan(0.3);
    expect(offTopic).toBeLessThan(0.1);
    expect(relevanceCheck(onTopic, goal, settings)).toMatchObject({
      name: 'relevance',
      score: 1,
      hard: true,
    });
    const rejected = relevanceCheck(offTopic, goal, settings)!;
    expect(rejected).toMatchObject({ name: 'relevance', hard: true });
    expect(rejected.score).toBeLessThan(1);
    expect(rejected.problems[0]).toMatch(
      /^the output is off-topic: its similarity to the goal is 0\.\d\d, below 0\.1 \(hashing\); answer the goal itself \(consumer, groups, partitions, let, kafka, scale, event, processing\)$/,
    );
  });

  it('is not fooled by shared stop words', async () => {
    const similarity = await relevanceTo(
      embedder,
      'What is this for, all of them?',
      'It is what it is, and that is all there is to it for them.',
    );
    expect(similarity).toBeUndefined();
    expect(await relevanceTo(embedder, 'Compare the pricing plans', 'the of and to it is')).toBe(0);
  });

  it('meets a word whatever its ending', () => {
    expect(['partitions', 'partition'].map(stem)).toEqual(['partition', 'partition']);
    expect(['queries', 'query', 'scaling', 'scaled', 'boxes', 'class'].map(stem)).toEqual([
      'query',
      'query',
      'scal',
      'scal',
      'box',
      'class',
    ]);
    expect(['charge', 'charged', 'charges', 'charging'].map(stem)).toEqual([
      'charg',
      'charg',
      'charg',
      'charg',
    ]);
  });

  it('checks nothing without similarity, or when turned off', () => {
    expect(relevanceCheck(undefined, 'goal', settings)).toBeUndefined();
    expect(relevanceCheck(0, 'goal words', { threshold: 0, embedder: 'minilm' })).toBeUndefined();
  });

  it('names the embedder that judged in the feedback', () => {
    const rejected = relevanceCheck(0.08, 'Plan a team offsite', {
      threshold: 0.25,
      embedder: 'minilm',
    });
    expect(rejected?.problems[0]).toMatch(
      /similarity to the goal is 0\.08, below 0\.25 \(minilm\);/,
    );
  });
});

describe('the relevance threshold', () => {
  const thresholds = { hashing: 0.1, minilm: 0.25 };

  it("is the judging embedder's own", () => {
    expect(relevanceThreshold('hashing', thresholds)).toBe(0.1);
    expect(relevanceThreshold('minilm', thresholds)).toBe(0.25);
    expect(relevanceThreshold('minilm', thresholds, null)).toBe(0.25);
  });

  it("is the step's minRelevance when it sets one, 0 included", () => {
    expect(relevanceThreshold('minilm', thresholds, 0.4)).toBe(0.4);
    expect(relevanceThreshold('hashing', thresholds, 0)).toBe(0);
  });

  it('defaults to a higher bar for MiniLM, whose cosines run higher', () => {
    expect(DEFAULT_RELEVANCE_THRESHOLDS).toEqual({ hashing: 0.1, minilm: 0.25 });
  });
});
