import { describe, expect, it } from 'vitest';
import { Roster, type AgentRecord } from './roster';
import {
  decideRounds,
  everyInvitedAnswered,
  type RoundsInput,
  type RoundToClose,
} from './round-decisions';
import type { BidView, ScoringWeights } from './scoring';

const now = 1_000_000;
const agent = (agentId: string, over: Partial<AgentRecord> = {}): AgentRecord => ({
  agentId,
  capabilities: ['classify'],
  capacity: 1,
  status: 'ONLINE',
  lastSeenAt: now,
  intervalMs: 1_000,
  incarnation: 'run-1',
  ...over,
});
const rosterOf = (...agents: AgentRecord[]) => {
  const roster = new Roster();
  for (const a of agents) roster.record(a);
  return roster;
};

interface Round extends RoundToClose {
  taskId: string;
}
const round = (taskId: string, over: Partial<Round> = {}): Round => ({
  taskId,
  capability: 'classify',
  round: 1,
  priority: 0,
  readyAt: now - 1_000,
  invited: ['a', 'b'],
  excludedAgents: [],
  ...over,
});
interface Answer extends BidView {
  eventId: string;
}
const bid = (agentId: string, cost: number, over: Partial<Answer> = {}): Answer => ({
  agentId,
  eventId: `bid-${agentId}`,
  decision: 'BID',
  cost,
  estimatedDurationMs: null,
  confidence: null,
  load: 0,
  ...over,
});
const refusal = (agentId: string) => bid(agentId, 0, { decision: 'REFUSE', cost: null });
/** Only cost counts, so the cheapest bid ranks first. */
const byCost: ScoringWeights = { cost: 1, duration: 0, confidence: 0, reputation: 0, load: 0 };

function decide(
  roster: Roster,
  rounds: RoundsInput<Round, Answer>['rounds'],
  leases: ReadonlyMap<string, number> = new Map(),
) {
  return decideRounds({ rounds, roster, leases, now, weights: byCost, roundBackoffMs: 200 });
}
const outcome = (d: ReturnType<typeof decide>[number]) =>
  d.kind === 'award' ? `${d.auction.taskId}->${d.agentId}` : `${d.auction.taskId} waits`;

describe('decideRounds', () => {
  const roster = rosterOf(agent('a'), agent('b'), agent('c', { capacity: 2 }));

  it('awards the best bidder that has room, with its score, the ranking and its answer', () => {
    const answers = [bid('a', 4), bid('b', 1), refusal('c')];
    const [decision] = decide(roster, [{ auction: round('t1'), answers }]);
    expect(decision).toMatchObject({ kind: 'award', agentId: 'b', score: 0.75, bid: answers[1] });
    expect(decision?.ranked.map((r) => r.agentId)).toEqual(['b', 'a']);
  });

  it('skips a better bidder whose slots are all leased', () => {
    const decisions = decide(
      roster,
      [{ auction: round('t1'), answers: [bid('a', 4), bid('b', 1)] }],
      new Map([['b', 1]]),
    );
    expect(decisions.map(outcome)).toEqual(['t1->a']);
  });

  it('counts slots awarded earlier in the same batch as taken', () => {
    const answers = [bid('a', 4), bid('b', 1)];
    const decisions = decide(roster, [
      { auction: round('t1'), answers },
      { auction: round('t2'), answers },
      { auction: round('t3'), answers },
    ]);
    expect(decisions.map(outcome)).toEqual(['t1->b', 't2->a', 't3 waits']);
  });

  it('awards an agent with several slots once per free slot', () => {
    const answers = [bid('c', 1), bid('a', 4)];
    const decisions = decide(roster, [
      { auction: round('t1'), answers },
      { auction: round('t2'), answers },
      { auction: round('t3'), answers },
    ]);
    expect(decisions.map(outcome)).toEqual(['t1->c', 't2->c', 't3->a']);
  });

  it('gives an agent the roster has not heard of one slot, its bid being proof of life', () => {
    const answers = [bid('stranger', 1), bid('a', 4)];
    const decisions = decide(roster, [
      { auction: round('t1'), answers },
      { auction: round('t2'), answers },
    ]);
    expect(decisions.map(outcome)).toEqual(['t1->stranger', 't2->a']);
    // A lease it already holds takes that one slot.
    const leased = decide(roster, [{ auction: round('t3'), answers }], new Map([['stranger', 1]]));
    expect(leased.map(outcome)).toEqual(['t3->a']);
  });

  it('skips bidders that are offline, draining or no longer heard from', () => {
    const answers = [bid('off', 1), bid('draining', 1), bid('stale', 1), bid('a', 4)];
    const mixed = rosterOf(
      agent('a'),
      agent('off', { status: 'OFFLINE' }),
      agent('draining', { status: 'DRAINING' }),
      agent('stale', { lastSeenAt: now - 60_000 }),
    );
    expect(decide(mixed, [{ auction: round('t1'), answers }]).map(outcome)).toEqual(['t1->a']);
  });

  it('judges liveness by the roster clock, not the wall clock', () => {
    // Heartbeats read up to `now` only: decided an hour later by the wall clock, nobody is stale.
    const decisions = decideRounds({
      rounds: [{ auction: round('t1'), answers: [bid('a', 1)] }],
      roster: rosterOf(agent('a')),
      leases: new Map(),
      now: now + 3_600_000,
      weights: byCost,
      roundBackoffMs: 200,
    });
    expect(decisions.map(outcome)).toEqual(['t1->a']);
  });

  it('leaves out the bids of excluded agents, and waits when only those bid', () => {
    const answers = [bid('a', 4), bid('b', 1)];
    const excluded = decide(roster, [
      { auction: round('t1', { excludedAgents: ['b'] }), answers },
      { auction: round('t2', { excludedAgents: ['a', 'b'] }), answers },
    ]);
    expect(excluded.map(outcome)).toEqual(['t1->a', 't2 waits']);
    expect(excluded[0]?.ranked.map((r) => r.agentId)).toEqual(['a']);
    expect(excluded[1]).toMatchObject({
      // Excluded agents are never invited; a bid from one counts as no answer.
      reason: "no acceptable bid for 'classify' in round 1: 2 agents invited, 2 did not answer",
    });
  });

  it('breaks equal scores by the lower agentId', () => {
    const decisions = decide(roster, [
      { auction: round('t1'), answers: [bid('b', 2), bid('a', 2)] },
    ]);
    expect(decisions.map(outcome)).toEqual(['t1->a']);
  });

  it('decides the highest priority first, then the oldest, so they get the contested slots', () => {
    const answers = [bid('b', 1)];
    const decisions = decide(roster, [
      { auction: round('young', { readyAt: now - 10 }), answers },
      { auction: round('low', { priority: -1, readyAt: now - 9_000 }), answers },
      { auction: round('urgent', { priority: 5, readyAt: now }), answers },
      { auction: round('old', { readyAt: now - 5_000 }), answers },
    ]);
    expect(decisions.map(outcome)).toEqual(['urgent->b', 'old waits', 'young waits', 'low waits']);
  });

  it('keeps the given order for rounds of equal priority and age', () => {
    const answers = [bid('b', 1)];
    const rounds = ['t2', 't1', 't3'].map((id) => ({ auction: round(id), answers }));
    expect(decide(roster, rounds).map((d) => d.auction.taskId)).toEqual(['t2', 't1', 't3']);
  });

  it('sends the task back to waiting with the reason and a backoff that doubles per round', () => {
    const [silent] = decide(roster, [
      {
        auction: round('t1', { round: 2, invited: ['a', 'b', 'c'] }),
        answers: [refusal('a')],
      },
    ]);
    expect(silent).toMatchObject({
      kind: 'wait',
      reason:
        "no acceptable bid for 'classify' in round 2: 3 agents invited, 1 refused, 2 did not answer",
      notBefore: now + 400,
      ranked: [],
    });
    const [late] = decide(roster, [{ auction: round('t2', { round: 9 }), answers: [] }]);
    expect(late).toMatchObject({ kind: 'wait', notBefore: now + 5_000 });
  });

  it('says when every bidder was at capacity, with the capacity seen after earlier awards', () => {
    const answers = [bid('a', 1), bid('b', 2)];
    const decisions = decide(
      rosterOf(agent('a'), agent('b')),
      [
        { auction: round('t1'), answers: [bid('b', 1)] },
        { auction: round('t2'), answers },
      ],
      new Map([['a', 1]]),
    );
    expect(decisions.map(outcome)).toEqual(['t1->b', 't2 waits']);
    expect(decisions[1]).toMatchObject({
      reason:
        "no acceptable bid for 'classify' in round 1: 2 agents invited, 2 bid but all were at capacity",
      view: { declared: 2, live: 2, slots: 2, free: 0 },
    });
  });

  it('does not change the leases it is given', () => {
    const leases = new Map([['a', 0]]);
    decide(roster, [{ auction: round('t1'), answers: [bid('a', 1)] }], leases);
    expect([...leases]).toEqual([['a', 0]]);
  });
});

describe('everyInvitedAnswered', () => {
  it('is true once each invited agent has answered, bid or refusal', () => {
    expect(everyInvitedAnswered(['a', 'b'], [bid('b', 1), refusal('a')])).toBe(true);
    expect(everyInvitedAnswered(['a', 'b'], [bid('b', 1), bid('x', 1)])).toBe(false);
  });

  it('never closes an open call early', () => {
    expect(everyInvitedAnswered([], [bid('a', 1)])).toBe(false);
  });
});
