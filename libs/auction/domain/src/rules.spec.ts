import { describe, expect, it } from 'vitest';
import { eligibleAgents, everyoneAnswered, isLive, type AgentView } from './roster';
import { backoffDelayMs, summarizeInput, unallocatableReason } from './rounds';
import { bidProblems, taskReadyProblems } from './validation';

const now = 1_000_000;
const agent = (agentId: string, over: Partial<AgentView> = {}): AgentView => ({
  agentId,
  capabilities: ['text.summarize'],
  status: 'ONLINE',
  lastSeenAt: now - 1_000,
  intervalMs: 1_000,
  ...over,
});

describe('roster', () => {
  it('an agent is live while ONLINE and seen within 3 of its intervals', () => {
    expect(isLive(agent('a', { lastSeenAt: now - 3_000 }), now)).toBe(true);
    expect(isLive(agent('a', { lastSeenAt: now - 3_001 }), now)).toBe(false);
    expect(isLive(agent('a', { status: 'DRAINING' }), now)).toBe(false);
  });

  it('eligible agents have the capability, are live and not excluded', () => {
    const agents = [
      agent('a'),
      agent('b', { capabilities: ['web.search'] }),
      agent('c', { status: 'OFFLINE' }),
      agent('d'),
    ];
    expect(eligibleAgents(agents, 'text.summarize', ['d'], now)).toEqual(['a']);
  });

  it('a round is complete once every eligible agent answered, never on no answer at all', () => {
    expect(everyoneAnswered(['a', 'b'], new Set(['a']))).toBe(false);
    expect(everyoneAnswered(['a', 'b'], new Set(['a', 'b', 'z']))).toBe(true);
    expect(everyoneAnswered([], new Set())).toBe(false);
  });
});

describe('rounds', () => {
  it('backs off exponentially from the base', () => {
    expect([1, 2, 3].map((r) => backoffDelayMs(r, 200))).toEqual([200, 400, 800]);
  });
  it('explains an unallocatable task with capability, rounds and roster', () => {
    expect(
      unallocatableReason({
        capability: 'web.search',
        rounds: 3,
        liveAgents: 0,
        excludedAgents: 1,
      }),
    ).toBe(
      "no acceptable bid after 3 rounds: no live agent has capability 'web.search' (1 excluded from this attempt)",
    );
    expect(
      unallocatableReason({ capability: 'x', rounds: 1, liveAgents: 2, excludedAgents: 0 }),
    ).toBe("no acceptable bid after 1 round: 2 live agents have capability 'x' but none bid");
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
