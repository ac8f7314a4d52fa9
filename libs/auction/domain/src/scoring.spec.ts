import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPUTATION,
  DEFAULT_WEIGHTS,
  normalizeWeights,
  pickWinner,
  rankBids,
  type BidView,
  type ScoringWeights,
} from './scoring';

const bid = (agentId: string, over: Partial<BidView> = {}): BidView => ({
  agentId,
  decision: 'BID',
  cost: 1,
  estimatedDurationMs: 1_000,
  confidence: 0.5,
  load: 0.5,
  ...over,
});
const only = (key: keyof ScoringWeights): ScoringWeights => ({
  cost: 0,
  duration: 0,
  confidence: 0,
  reputation: 0,
  load: 0,
  [key]: 1,
});
const noReputation = () => undefined;

describe('rankBids', () => {
  it('with only the cost weight, the cheapest wins and cost is normalised by the round maximum', () => {
    const ranked = rankBids({
      bids: [bid('a', { cost: 4 }), bid('b', { cost: 1 }), bid('c', { cost: 2 })],
      weights: only('cost'),
      excludedAgents: [],
      reputationOf: noReputation,
    });
    expect(ranked.map((r) => r.agentId)).toEqual(['b', 'c', 'a']);
    expect(ranked.map((r) => r.score)).toEqual([0.75, 0.5, 0]);
  });

  it('normalises duration within the round, and an unknown duration counts as the slowest', () => {
    const ranked = rankBids({
      bids: [
        bid('a', { estimatedDurationMs: 500 }),
        bid('b', { estimatedDurationMs: 2_000 }),
        bid('c', { estimatedDurationMs: null }),
      ],
      weights: only('duration'),
      excludedAgents: [],
      reputationOf: noReputation,
    });
    expect(ranked.map((r) => [r.agentId, r.score])).toEqual([
      ['a', 0.75],
      ['b', 0],
      ['c', 0],
    ]);
  });

  it('gives the full cost term to everyone when every bid is free', () => {
    const ranked = rankBids({
      bids: [bid('a', { cost: 0 }), bid('b', { cost: 0 })],
      weights: only('cost'),
      excludedAgents: [],
      reputationOf: noReputation,
    });
    expect(ranked.map((r) => r.score)).toEqual([1, 1]);
  });

  it('prefers the idle agent under the load weight and the confident one under confidence', () => {
    const bids = [
      bid('busy', { load: 0.9, confidence: 0.9 }),
      bid('idle', { load: 0.1, confidence: 0.2 }),
    ];
    const common = { bids, excludedAgents: [], reputationOf: noReputation };
    expect(pickWinner({ ...common, weights: only('load') })?.agentId).toBe('idle');
    expect(pickWinner({ ...common, weights: only('confidence') })?.agentId).toBe('busy');
  });

  it('uses reputation, and 0.5 for an agent without a record for the capability', () => {
    const ranked = rankBids({
      bids: [bid('known-bad'), bid('unknown'), bid('known-good')],
      weights: only('reputation'),
      excludedAgents: [],
      reputationOf: (id) => ({ 'known-bad': 0.2, 'known-good': 0.9 })[id],
    });
    expect(ranked.map((r) => [r.agentId, r.score])).toEqual([
      ['known-good', 0.9],
      ['unknown', DEFAULT_REPUTATION],
      ['known-bad', 0.2],
    ]);
  });

  it('leaves out refusals and excluded agents', () => {
    const ranked = rankBids({
      bids: [
        bid('refuser', { decision: 'REFUSE', cost: 0 }),
        bid('excluded', { cost: 0 }),
        bid('ok', { cost: 10 }),
      ],
      weights: DEFAULT_WEIGHTS,
      excludedAgents: ['excluded'],
      reputationOf: noReputation,
    });
    expect(ranked.map((r) => r.agentId)).toEqual(['ok']);
    expect(
      pickWinner({
        bids: [bid('refuser', { decision: 'REFUSE' })],
        weights: DEFAULT_WEIGHTS,
        excludedAgents: [],
        reputationOf: noReputation,
      }),
    ).toBeUndefined();
  });

  it('breaks ties by the lowest agentId whatever the order of arrival', () => {
    const input = (order: string[]) => ({
      bids: order.map((id) => bid(id)),
      weights: DEFAULT_WEIGHTS,
      excludedAgents: [],
      reputationOf: noReputation,
    });
    expect(pickWinner(input(['agent-c', 'agent-a', 'agent-b']))?.agentId).toBe('agent-a');
    expect(pickWinner(input(['agent-b', 'agent-c', 'agent-a']))?.agentId).toBe('agent-a');
  });

  it('combines the weighted terms as documented, with weights scaled to sum to 1', () => {
    // Weights 2:2:2:2:2 behave like 0.2 each.
    const [a, b] = rankBids({
      bids: [
        bid('a', { cost: 1, estimatedDurationMs: 1_000, confidence: 0.8, load: 0.25 }),
        bid('b', { cost: 2, estimatedDurationMs: 4_000, confidence: 0.4, load: 0.5 }),
      ],
      weights: { cost: 2, duration: 2, confidence: 2, reputation: 2, load: 2 },
      excludedAgents: [],
      reputationOf: (id) => (id === 'a' ? 0.6 : undefined),
    });
    // a: 0.2·(1−1/2) + 0.2·(1−1000/4000) + 0.2·0.8 + 0.2·0.6 + 0.2·(1−0.25)
    expect(a?.score).toBeCloseTo(0.2 * (0.5 + 0.75 + 0.8 + 0.6 + 0.75), 12);
    // b: 0 + 0 + 0.2·0.4 + 0.2·0.5 + 0.2·0.5
    expect(b?.score).toBeCloseTo(0.2 * (0.4 + 0.5 + 0.5), 12);
    expect(a?.terms.reputation).toBeCloseTo(0.12, 12);
  });
});

describe('normalizeWeights', () => {
  it('defaults sum to 1', () => {
    const w = DEFAULT_WEIGHTS;
    expect(w.cost + w.duration + w.confidence + w.reputation + w.load).toBeCloseTo(1, 12);
  });
  it('names a negative weight and refuses all-zero weights', () => {
    expect(() => normalizeWeights({ ...DEFAULT_WEIGHTS, load: -1 })).toThrow(/'load'/);
    expect(() =>
      normalizeWeights({ cost: 0, duration: 0, confidence: 0, reputation: 0, load: 0 }),
    ).toThrow(/all be 0/);
  });
});
