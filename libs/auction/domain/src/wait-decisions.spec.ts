import { describe, expect, it } from 'vitest';
import { Roster } from './roster';
import {
  neverDeclared,
  undeclaredCapabilities,
  waitFailure,
  type WaitingTask,
} from './wait-decisions';

const now = 1_000_000;
const roster = new Roster();
roster.record({
  agentId: 'a',
  capabilities: ['classify'],
  capacity: 1,
  // Declaring is enough: an agent that stopped still shows the capability exists.
  status: 'OFFLINE',
  lastSeenAt: now - 600_000,
  intervalMs: 1_000,
  incarnation: 'run-1',
});
const task = (over: Partial<WaitingTask> = {}): WaitingTask => ({
  capability: 'classify',
  readyAt: now - 1_000,
  maxWaitMs: null,
  waitingReason: null,
  ...over,
});
const settled = { now, roster, rosterSettled: true };

describe('waitFailure', () => {
  it('lets a task wait as long as it likes without maxWaitMs', () => {
    expect(waitFailure(task({ readyAt: 0 }), settled)).toBeNull();
  });

  it('lets a task wait until its maxWaitMs, and fails it from then on, quoting why it waited', () => {
    expect(waitFailure(task({ maxWaitMs: 1_001 }), settled)).toBeNull();
    expect(waitFailure(task({ maxWaitMs: 1_000, waitingReason: 'all busy' }), settled)).toEqual({
      code: 'wait_exceeded',
      reason:
        "waited 1000 ms for an agent with capability 'classify', more than the goal's maxWaitMs of 1000 ms: all busy",
    });
    expect(waitFailure(task({ maxWaitMs: 10 }), settled)?.reason).toBe(
      "waited 1000 ms for an agent with capability 'classify', more than the goal's maxWaitMs of 10 ms",
    );
  });

  it('fails a task whose capability no agent ever declared, once the roster settled', () => {
    expect(waitFailure(task({ capability: 'translate' }), settled)).toEqual({
      code: 'unallocatable',
      reason:
        "no agent has ever declared capability 'translate'; add an agent with it, or fix the step's capability",
    });
    expect(
      waitFailure(task({ capability: 'translate' }), { ...settled, rosterSettled: false }),
    ).toBeNull();
  });

  it('reports an exceeded wait before an undeclared capability', () => {
    expect(waitFailure(task({ capability: 'translate', maxWaitMs: 5 }), settled)?.code).toBe(
      'wait_exceeded',
    );
  });
});

describe('undeclaredCapabilities', () => {
  it('lists the capabilities nobody declared, and none before the roster settled', () => {
    expect(undeclaredCapabilities(['classify', 'translate', 'write'], settled)).toEqual([
      'translate',
      'write',
    ]);
    expect(undeclaredCapabilities(['translate'], { roster, rosterSettled: false })).toEqual([]);
    expect(neverDeclared('classify', settled)).toBe(false);
  });
});
