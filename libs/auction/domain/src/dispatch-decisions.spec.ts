import { describe, expect, it } from 'vitest';
import {
  decideDispatch,
  planDispatch,
  type DispatchInput,
  type DispatchPlan,
  type WaitingAttempt,
} from './dispatch-decisions';
import { Roster, type AgentRecord } from './roster';

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
const waiting = (taskId: string, over: Partial<WaitingAttempt> = {}): WaitingAttempt => ({
  taskId,
  attempt: 1,
  capability: 'classify',
  excludedAgents: [],
  waitingReason: null,
  notBefore: 0,
  ...over,
});
const claim = (capability: string, budget = 10): DispatchPlan => ({
  kind: 'claim',
  capability,
  budget,
});

function decide(over: Partial<DispatchInput<WaitingAttempt>> & { roster: Roster }) {
  return decideDispatch({
    plans: [claim('classify')],
    claimed: new Map(),
    arrivals: [],
    leases: new Map(),
    now,
    maxInvitees: 4,
    roundBackoffMs: 200,
    ...over,
  });
}

describe('planDispatch', () => {
  const roster = rosterOf(agent('a', { capacity: 3 }), agent('b', { capacity: 2 }));
  const plan = (over: Partial<Parameters<typeof planDispatch>[0]> = {}) =>
    planDispatch({
      capabilities: ['classify', 'translate'],
      roster,
      leases: new Map([['a', 1]]),
      openRounds: new Map([['classify', 1]]),
      now,
      rosterSettled: true,
      ...over,
    });

  it('claims as many waiting attempts as there are free slots not already being auctioned', () => {
    // 5 slots, 1 leased, 1 round open: 3 more rounds may open.
    expect(plan()[0]).toEqual({ kind: 'claim', capability: 'classify', budget: 3 });
    expect(plan({ openRounds: new Map([['classify', 9]]) })[0]).toMatchObject({ budget: 0 });
  });

  it('marks a capability no agent ever declared as unallocatable once the roster settled', () => {
    expect(plan()[1]).toEqual({ kind: 'unallocatable', capability: 'translate' });
    expect(plan({ rosterSettled: false })[1]).toEqual({
      kind: 'claim',
      capability: 'translate',
      budget: 0,
    });
  });

  it('counts only live agents, without the exclusions of any one attempt', () => {
    const stale = rosterOf(agent('a'), agent('gone', { lastSeenAt: now - 60_000 }));
    const [only] = plan({ roster: stale, leases: new Map(), openRounds: new Map() });
    expect(only).toEqual({ kind: 'claim', capability: 'classify', budget: 1 });
  });
});

describe('decideDispatch', () => {
  it('calls each claimed attempt, inviting at most maxInvitees agents with room, in claim order', () => {
    const roster = rosterOf(agent('a'), agent('b'), agent('c'), agent('full'));
    const decisions = decide({
      roster,
      leases: new Map([['full', 1]]),
      claimed: new Map([['classify', [waiting('t2'), waiting('t1')]]]),
      maxInvitees: 2,
    });
    expect(decisions.map((d) => [d.kind, d.auction.taskId])).toEqual([
      ['call', 't2'],
      ['call', 't1'],
    ]);
    for (const d of decisions) {
      if (d.kind !== 'call') throw new Error(d.kind);
      expect(d.invitees).toHaveLength(2);
      expect(d.invitees).not.toContain('full');
    }
  });

  it('spreads the calls of one dispatch over the agents', () => {
    const roster = rosterOf(agent('a'), agent('b'));
    const decisions = decide({
      roster,
      claimed: new Map([['classify', [waiting('t1'), waiting('t2')]]]),
      maxInvitees: 1,
    });
    const invited = decisions.flatMap((d) => (d.kind === 'call' ? d.invitees : []));
    expect(invited.sort()).toEqual(['a', 'b']);
  });

  it('leaves out excluded agents, and backs off a claimed attempt that excludes every free one', () => {
    const roster = rosterOf(agent('a'), agent('b'));
    const [call, wait] = decide({
      roster,
      claimed: new Map([
        [
          'classify',
          [waiting('t1', { excludedAgents: ['a'] }), waiting('t2', { excludedAgents: ['a', 'b'] })],
        ],
      ]),
    });
    expect(call).toEqual({
      kind: 'call',
      auction: waiting('t1', { excludedAgents: ['a'] }),
      invitees: ['b'],
    });
    expect(wait).toMatchObject({
      kind: 'wait',
      reason:
        "every live agent with capability 'classify' is excluded from this attempt (2 excluded)",
      announce: true,
      notBefore: now + 200,
      view: { live: 0, excluded: 2 },
    });
  });

  it('announces a wait only when its reason differs from the one last announced', () => {
    const roster = rosterOf(agent('a'));
    const reason =
      "every live agent with capability 'classify' is excluded from this attempt (1 excluded)";
    const [same, changed] = decide({
      roster,
      claimed: new Map([
        [
          'classify',
          [
            waiting('t1', { excludedAgents: ['a'], waitingReason: reason }),
            waiting('t2', { excludedAgents: ['a'], waitingReason: 'no agent has declared it' }),
          ],
        ],
      ]),
    });
    expect(same).toMatchObject({ kind: 'wait', reason, announce: false });
    expect(changed).toMatchObject({ kind: 'wait', reason, announce: true });
  });

  it('announces the wait of every arrival that was not called, keeping its notBefore', () => {
    const roster = rosterOf(agent('a'));
    const called = waiting('t1');
    const decisions = decide({
      roster,
      leases: new Map([['a', 0]]),
      claimed: new Map([['classify', [called]]]),
      arrivals: [called, waiting('t2', { notBefore: 7 })],
    });
    expect(decisions.map((d) => [d.kind, d.auction.taskId])).toEqual([
      ['call', 't1'],
      ['wait', 't2'],
    ]);
    expect(decisions[1]).toMatchObject({
      reason:
        "queued behind 0 tasks for capability 'classify' (1 of 1 slots free, all being auctioned)",
      announce: true,
      notBefore: 7,
    });
    const busy = decide({ roster, leases: new Map([['a', 1]]), arrivals: [waiting('t3')] });
    expect(busy).toMatchObject([
      {
        kind: 'wait',
        reason: "1 agent has capability 'classify' and all are busy (1 of 1 slots taken)",
        view: { declared: 1, live: 1, slots: 1, free: 0 },
      },
    ]);
  });

  it('fails the arrivals of an unallocatable capability, and only those', () => {
    const roster = rosterOf(agent('a'));
    const decisions = decide({
      roster,
      plans: [{ kind: 'unallocatable', capability: 'translate' }, claim('classify', 0)],
      arrivals: [waiting('t1', { capability: 'translate' }), waiting('t2')],
    });
    expect(decisions).toMatchObject([
      {
        kind: 'fail',
        code: 'unallocatable',
        auction: { taskId: 't1' },
        reason:
          "no agent has ever declared capability 'translate'; add an agent with it, or fix the step's capability",
      },
      { kind: 'wait', auction: { taskId: 't2' } },
    ]);
  });
});
