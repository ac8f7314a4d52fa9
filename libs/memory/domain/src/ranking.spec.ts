import { describe, expect, it } from 'vitest';
import { bestPassage, rankCandidates } from './ranking';
import { renderEvaluation, renderTaskOutput } from './rendering';

describe('rankCandidates', () => {
  const weights = { text: 0.6, vector: 0.4 };

  it('weights the share of query words and the clamped cosine, and sorts', () => {
    const ranked = rankCandidates(
      [
        { id: 'a', textRank: 0.2, coverage: 1, cosine: 0.5 },
        { id: 'b', textRank: 0.1, coverage: 0.5, cosine: 0.9 },
        { id: 'c', textRank: 0, coverage: 0, cosine: -0.3 },
      ],
      weights,
      10,
    );
    expect(ranked.map((r) => [r.id, r.score])).toEqual([
      ['a', 0.8], // 0.6 * 1 + 0.4 * 0.5
      ['b', 0.66], // 0.6 * 0.5 + 0.4 * 0.9
      ['c', 0],
    ]);
  });

  it('scores a hit by itself, not by the other candidates: the best of a bad lot stays low', () => {
    const weak = { id: 'weak', textRank: 0.01, coverage: 0.2, cosine: 0.1 };
    const alone = rankCandidates([weak], weights, 5);
    const beside = rankCandidates(
      [weak, { id: 'strong', textRank: 0.9, coverage: 1, cosine: 0.8 }],
      weights,
      5,
    );
    expect(alone[0]!.score).toBe(0.16);
    expect(beside.find((c) => c.id === 'weak')!.score).toBe(0.16);
  });

  it('drops candidates below minScore', () => {
    const candidates = [
      { id: 'a', textRank: 0.3, coverage: 1, cosine: 0.6 },
      { id: 'b', textRank: 0.01, coverage: 0.25, cosine: 0.05 },
      { id: 'c', textRank: 0, coverage: 0, cosine: 0.2 },
    ];
    expect(rankCandidates(candidates, weights, 5, 0.15).map((c) => c.id)).toEqual(['a', 'b']);
    expect(rankCandidates(candidates, weights, 5, 0.5).map((c) => c.id)).toEqual(['a']);
    expect(rankCandidates(candidates, weights, 5, 0.9)).toEqual([]);
    expect(rankCandidates(candidates, weights, 5).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps scores in 0..1 whatever the weights, and cuts at k', () => {
    const ranked = rankCandidates(
      [
        { id: 'a', textRank: 3, coverage: 1, cosine: 1 },
        { id: 'b', textRank: 0, coverage: 0, cosine: 0.5 },
      ],
      { text: 3, vector: 1 },
      1,
    );
    expect(ranked).toEqual([{ id: 'a', textRank: 3, coverage: 1, cosine: 1, score: 1 }]);
  });

  it('ranks by vector alone when nothing matches the text, and breaks ties by text rank', () => {
    const ranked = rankCandidates(
      [
        { id: 'a', textRank: 0, coverage: 0, cosine: 0.2 },
        { id: 'b', textRank: 0, coverage: 0, cosine: 0.4 },
      ],
      weights,
      2,
    );
    expect(ranked.map((r) => r.id)).toEqual(['b', 'a']);
    const tied = rankCandidates(
      [
        { id: 'a', textRank: 0.1, coverage: 0.5, cosine: 0 },
        { id: 'b', textRank: 0.4, coverage: 0.5, cosine: 0 },
      ],
      weights,
      2,
    );
    expect(tied.map((r) => r.id)).toEqual(['b', 'a']);
  });
});

describe('bestPassage', () => {
  it('returns the passage of a long item closest to the query', () => {
    const filler = (topic: string) => `${topic} `.repeat(60).trim() + '.';
    const content = [
      filler('avro schema'),
      filler('consumer group rebalance'),
      filler('tracing span'),
    ].join('\n\n');
    expect(bestPassage(content, 'how does a consumer group rebalance', 500)).toContain(
      'consumer group rebalance',
    );
    expect(bestPassage('short', 'q', 500)).toBe('short');
  });
});

describe('renderTaskOutput', () => {
  it('renders a report as its Markdown with the title', () => {
    const out = JSON.stringify({
      kind: 'report',
      title: 'Kafka',
      markdown: 'Body text.',
      citations: [],
    });
    expect(renderTaskOutput(out)).toBe('# Kafka\n\nBody text.');
  });

  it('renders sources as quotes with their origin', () => {
    const out = JSON.stringify({
      kind: 'sources',
      query: 'q',
      sources: [{ itemId: 'doc:a#1', title: 'A', source: 'a.md', quote: 'Quoted.' }],
    });
    expect(renderTaskOutput(out)).toBe('**1 source** for _q_\n\n1. **A** (a.md)\n\n> Quoted.');
  });

  it('renders a shell step with its exit code', () => {
    const out = JSON.stringify({
      kind: 'shell',
      command: 'df -h',
      exitCode: 0,
      stdout: 'ok',
      stderr: '',
      durationMs: 5,
    });
    expect(renderTaskOutput(out)).toBe('`df -h` exited 0 in 5 ms\n\n```\nok\n```');
  });

  it('keeps text that is not JSON as it is, and other JSON whole', () => {
    expect(renderTaskOutput('not json')).toBe('not json');
    expect(renderTaskOutput('{"kind":"report"}')).toBe('```json\n{\n  "kind": "report"\n}\n```');
    expect(renderTaskOutput('[1]')).toBe('```json\n[\n  1\n]\n```');
  });

  it('renders an evaluation', () => {
    expect(
      renderEvaluation({
        taskId: 't',
        attempt: 2,
        agentId: 'ag',
        capability: 'report',
        verdict: 'ACCEPTED',
        score: 0.875,
        feedback: 'Fine.',
      }),
    ).toBe('ACCEPTED (score 0.88) for report task t attempt 2 by agent ag.\n\nFine.');
  });
});
