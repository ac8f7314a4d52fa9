import { HashingEmbedder } from '@agora/embeddings';
import { describe, expect, it } from 'vitest';
import { relevanceCheck, relevanceTo, stem } from './relevance';

const embedder = new HashingEmbedder();
const settings = { threshold: 0.1 };

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
      /^the output is off-topic: its similarity to the goal is 0\.\d\d, below 0\.1; answer the goal itself \(consumer, groups, partitions, let, kafka, scale, event, processing\)$/,
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
    expect(relevanceCheck(0, 'goal words', { threshold: 0 })).toBeUndefined();
  });
});
