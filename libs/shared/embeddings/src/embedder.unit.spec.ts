import { describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  hashEmbedding,
  HashingEmbedder,
  l2Normalize,
  tokenize,
} from './embedder';

describe('hashing embedder', () => {
  it('is deterministic, 256-dimensional and l2-normalised', async () => {
    const [a, b] = await new HashingEmbedder().embed([
      'Kafka consumer groups',
      'Kafka consumer groups',
    ]);
    expect(a).toHaveLength(256);
    expect(a).toEqual(b);
    const norm = Math.sqrt(a!.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 10);
  });

  it('scores texts that share words and word pairs above unrelated ones', () => {
    const query = hashEmbedding('how do consumer groups rebalance partitions');
    const related = hashEmbedding('A rebalance moves partitions between consumer groups members');
    const unrelated = hashEmbedding('Avro schemas evolve under backward compatibility rules');
    expect(cosineSimilarity(query, related)).toBeGreaterThan(0.3);
    expect(cosineSimilarity(query, related)).toBeGreaterThan(cosineSimilarity(query, unrelated));
  });

  it('gives the zero vector for text without words, and cosine 0 against it', () => {
    const empty = hashEmbedding('  --- ');
    expect(empty.every((v) => v === 0)).toBe(true);
    expect(cosineSimilarity(empty, hashEmbedding('kafka'))).toBe(0);
  });

  it('tokenizes case-insensitively and drops punctuation', () => {
    expect(tokenize("Kafka's exactly-once, (EOS)!")).toEqual(['kafkas', 'exactly', 'once', 'eos']);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => cosineSimilarity([1], [1, 0])).toThrow(/different lengths/);
  });
});

describe('embedder ids and normalisation', () => {
  it('names the hashing embedder by its dimensions', () => {
    expect(new HashingEmbedder().id).toBe('hash-256');
    expect(new HashingEmbedder(64).id).toBe('hash-64');
  });

  it('scales a vector to length 1 and leaves the zero vector alone', () => {
    expect(l2Normalize([3, 4])).toEqual([0.6, 0.8]);
    expect(l2Normalize([0, 0])).toEqual([0, 0]);
  });
});
