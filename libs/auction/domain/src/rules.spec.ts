import { describe, expect, it } from 'vitest';
import {
  capacityOf,
  chooseInvitees,
  dispatchBudget,
  noAwardReason,
  waitingReason,
} from './allocation';
import { isLive, MAX_TRUSTED_INTERVAL_MS, Roster, type AgentRecord } from './roster';
import {
  backoffDelayMs,
  bidWindowOf,
  summarizeInput,
  undeclaredReason,
  waitExceededReason,
} from './rounds';
import { bidProblems, taskReadyProblems } from './validation';

const now = 1_000_000;
const agent = (agentId: string, over: Partial<AgentRecord> = {}): AgentRecord => ({
  agentId,
  capabilities: ['classify'],
  capacity: 2,
  status: 'ONLINE',
  lastSeenAt: now - 1_000,
  intervalMs: 1_000,
  incarnation: 'run-1',
  ...over,
});

describe('roster', () => {
  it('an agent is live while ONLINE and seen within 3 of its intervals of the clock', () => {
    expect(isLive(agent('a', { lastSeenAt: now - 3_000 }), now)).toBe(true);
    expect(isLive(agent('a', { lastSeenAt: now - 3_001 }), now)).toBe(false);
    expect(isLive(agent('a', { status: 'DRAINING' }), now)).toBe(false);
  });

  it('does not trust an announced interval beyond the cap', () => {
    const boastful = agent('a', { intervalMs: 2e9, lastSeenAt: now - 4 * MAX_TRUSTED_INTERVAL_MS });
    expect(isLive(boastful, now)).toBe(false);
  });

  it('ages agents by the newest heartbeat it has read, so a roster that lags declares nobody dead', () => {
    const roster = new Roster();
    roster.record(agent('a', { lastSeenAt: now }));
    roster.record(agent('b', { lastSeenAt: now - 500 }));
    // Read much later by the wall clock: the roster's clock is still the newest heartbeat.
    const later = now + 60_000;
    expect(roster.clock(later)).toBe(now);
    expect(roster.all().every((a) => isLive(a, roster.clock(later)))).toBe(true);
    // Catching up: a's heartbeats kept coming, b's stopped.
    roster.record(agent('a', { lastSeenAt: now + 10_000 }));
    const clock = roster.clock(later);
    expect(isLive(roster.get('a')!, clock)).toBe(true);
    expect(isLive(roster.get('b')!, clock)).toBe(false);
  });

  it('keeps the newest heartbeat and reports restarts and capacity changes', () => {
    const roster = new Roster();
    expect(roster.record(agent('a', { lastSeenAt: now }))).toMatchObject({
      applied: true,
      capacityChanged: true,
      restarted: false,
    });
    expect(roster.record(agent('a', { lastSeenAt: now + 1 }))).toMatchObject({
      capacityChanged: false,
    });
    expect(roster.record(agent('a', { lastSeenAt: now - 5 })).applied).toBe(false);
    expect(roster.record(agent('a', { lastSeenAt: now + 2, incarnation: 'run-2' }))).toMatchObject({
      restarted: true,
      capacityChanged: true,
    });
    expect(roster.declared('classify')).toBe(true);
    expect(roster.declared('translate')).toBe(false);
  });
});

describe('allocation', () => {
  const roster = new Roster();
  roster.record(agent('a', { lastSeenAt: now }));
  roster.record(agent('b', { lastSeenAt: now, capacity: 3 }));
  roster.record(agent('gone', { lastSeenAt: now - 60_000 }));
  roster.record(agent('other', { lastSeenAt: now, capabilities: ['write'] }));

  it('counts free slots from capacity minus active leases, and invites only agents with room', () => {
    const view = capacityOf(
      roster,
      'classify',
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
      now,
    );
    expect(view).toMatchObject({ declared: 3, live: 2, slots: 5, free: 2, invitees: ['b'] });
    expect(dispatchBudget(view, 1)).toBe(1);
    expect(dispatchBudget(view, 5)).toBe(0);
  });

  it('leaves excluded agents out', () => {
    const view = capacityOf(roster, 'classify', new Map(), now, ['b']);
    expect(view).toMatchObject({ live: 1, excluded: 1, invitees: ['a'] });
  });

  it('invites at most a few agents, those with most room first, and spreads equal ones across tasks', () => {
    const many = new Roster();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f'])
      many.record(agent(id, { lastSeenAt: now, capacity: 4 }));
    const view = capacityOf(
      many,
      'classify',
      new Map([
        ['a', 3],
        ['b', 3],
      ]),
      now,
    );
    const tentative = new Map<string, number>();
    const first = chooseInvitees(view, 'task-1', 2, () => undefined, tentative);
    expect(first).toHaveLength(2);
    expect(first).not.toContain('a');
    expect(first).not.toContain('b');
    // The next rounds of the same dispatch prefer agents not asked yet.
    const second = chooseInvitees(view, 'task-2', 2, () => undefined, tentative);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    const calls = new Set<string>();
    for (let i = 0; i < 50; i++) {
      for (const id of chooseInvitees(view, `t-${i}`, 1, () => undefined, new Map())) calls.add(id);
    }
    expect([...calls].sort()).toEqual(['c', 'd', 'e', 'f']);
  });

  it('says why a task waits', () => {
    const full = capacityOf(
      roster,
      'classify',
      new Map([
        ['a', 2],
        ['b', 3],
      ]),
      now,
    );
    expect(waitingReason(full)).toBe(
      "2 agents have capability 'classify' and all are busy (5 of 5 slots taken)",
    );
    expect(waitingReason(capacityOf(roster, 'translate', new Map(), now))).toBe(
      "no agent has declared capability 'translate'",
    );
    const stale = new Roster();
    stale.record(agent('x', { lastSeenAt: now - 60_000 }));
    stale.record(agent('y', { lastSeenAt: now, capabilities: ['write'] }));
    expect(waitingReason(capacityOf(stale, 'classify', new Map(), now))).toBe(
      "no live agent has capability 'classify' (1 agent declared it and stopped)",
    );
    expect(waitingReason(capacityOf(roster, 'classify', new Map(), now, ['a', 'b']))).toBe(
      "every live agent with capability 'classify' is excluded from this attempt (2 excluded)",
    );
    expect(
      noAwardReason({
        capability: 'classify',
        round: 2,
        invited: 3,
        bids: 1,
        refusals: 1,
        full: 1,
      }),
    ).toBe(
      "no acceptable bid for 'classify' in round 2: 3 agents invited, 1 bid but all were at capacity, 1 refused, 1 did not answer",
    );
  });
});

describe('rounds', () => {
  it('backs off exponentially from the base, up to a cap', () => {
    expect([1, 2, 3, 10].map((r) => backoffDelayMs(r, 200))).toEqual([200, 400, 800, 5_000]);
  });
  it('gives silent agents a longer window in each later round, up to sixteen times', () => {
    expect([1, 2, 3, 5, 9].map((r) => bidWindowOf(r, 200))).toEqual([200, 400, 800, 3_200, 3_200]);
  });
  it('explains failures with the capability and what to do', () => {
    expect(undeclaredReason('translate')).toBe(
      "no agent has ever declared capability 'translate'; add an agent with it, or fix the step's capability",
    );
    expect(
      waitExceededReason({
        capability: 'classify',
        maxWaitMs: 1_000,
        waitedMs: 1_200,
        lastReason: 'all busy',
      }),
    ).toBe(
      "waited 1200 ms for an agent with capability 'classify', more than the goal's maxWaitMs of 1000 ms: all busy",
    );
  });
  it('summarises and truncates inputs', () => {
    expect(summarizeInput('{}')).toBeNull();
    expect(summarizeInput('{"a":\n  1}')).toBe('{"a": 1}');
    expect(summarizeInput('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('validation', () => {
  it('names the bad fields of a TaskReady', () => {
    expect(
      taskReadyProblems({
        envelope: { goalId: null },
        taskId: 't',
        name: 'n',
        capability: ' ',
        attempt: 0,
        excludedAgents: [],
      }),
    ).toEqual([
      "'envelope.goalId' is required on TaskReady",
      "'capability' must not be empty",
      "'attempt' must be a whole number from 1, got 0",
    ]);
  });
  it('names the bad fields of a bid', () => {
    expect(
      bidProblems({
        taskId: 't',
        agentId: 'a',
        attempt: 1,
        round: 1,
        decision: 'BID',
        cost: -1,
        estimatedDurationMs: 10,
        confidence: 1.5,
        load: 0.3,
      }),
    ).toEqual(["'cost' must be 0 or more, got -1", "'confidence' must be from 0 to 1, got 1.5"]);
  });
});
