import { describe, expect, it } from 'vitest';
import {
  delegationDepthOf,
  delegationKey,
  DelegationRefusedError,
  MAX_DELEGATION_DEPTH,
  nextDelegationDepth,
  parseAgentAsk,
  subGoalSubmission,
  type DelegatingTask,
} from './delegation';

const now = Date.parse('2026-11-29T10:00:00Z');

const task = (over: Partial<DelegatingTask> = {}): DelegatingTask => ({
  goalId: 'g-1',
  taskId: 'g-1/respond',
  taskName: 'respond',
  agentId: 'concierge-1',
  inputs: { message: 'I was charged twice' },
  quote: 'public',
  attemptDeadlineAt: now + 120_000,
  ...over,
});

describe('parseAgentAsk', () => {
  it('takes a capability, a request and an optional output kind', () => {
    expect(parseAgentAsk({ capability: 'classify', request: '  I was charged twice ' })).toEqual({
      capability: 'classify',
      request: 'I was charged twice',
    });
    expect(
      parseAgentAsk({ capability: 'web.translate', request: 'Bonjour', output: 'text' }),
    ).toEqual({ capability: 'web.translate', request: 'Bonjour', output: 'text' });
  });

  it.each([
    [{ request: 'x' }, "argument 'capability' must be a capability name"],
    [{ capability: 'Classify!', request: 'x' }, "argument 'capability' must be a capability name"],
    [{ capability: 3, request: 'x' }, "argument 'capability' must be a capability name"],
    [{ capability: 'approval', request: 'x' }, "capability 'approval' is served by the planner"],
    [{ capability: 'classify' }, "argument 'request' is required"],
    [{ capability: 'classify', request: '   ' }, "argument 'request' is required"],
    [
      { capability: 'classify', request: 'x'.repeat(4001) },
      "argument 'request' must be at most 4000 characters, got 4001",
    ],
    [
      { capability: 'classify', request: 'x', output: 'poem' },
      "argument 'output' must be an output kind, one of",
    ],
    [
      { capability: 'classify', request: 'x', output: 7 },
      "argument 'output' must be an output kind",
    ],
  ])('refuses %j', (args, message) => {
    expect(() => parseAgentAsk(args)).toThrow(DelegationRefusedError);
    expect(() => parseAgentAsk(args)).toThrow(message);
  });
});

describe('delegation depth', () => {
  it('is 0 for a goal nobody delegated, else its delegationDepth input', () => {
    expect(delegationDepthOf({})).toBe(0);
    expect(delegationDepthOf({ delegationDepth: '1' })).toBe(1);
    expect(delegationDepthOf({ delegationDepth: '2' })).toBe(2);
    // Only a submitter writes anything else, and it could have left the input out.
    expect(delegationDepthOf({ delegationDepth: 'deep' })).toBe(0);
    expect(delegationDepthOf({ delegationDepth: '-3' })).toBe(0);
  });

  it(`allows sub-goals ${MAX_DELEGATION_DEPTH} deep and refuses the next`, () => {
    expect(nextDelegationDepth({})).toBe(1);
    expect(nextDelegationDepth({ delegationDepth: '1' })).toBe(2);
    expect(() => nextDelegationDepth({ delegationDepth: '2' })).toThrow(
      "delegation depth limit reached: this task's goal is a sub-goal at depth 2, and sub-goals may go 2 deep",
    );
    expect(() => nextDelegationDepth({ delegationDepth: '7' })).toThrow(DelegationRefusedError);
  });
});

describe('subGoalSubmission', () => {
  const ask = { capability: 'classify', request: 'I was charged twice' };

  it('is a one-step plan marked with its parent, one level deeper, quoting no more than the task', () => {
    expect(subGoalSubmission(task(), ask, { deadlineAt: null, priority: 5 }, now)).toEqual({
      goal: 'I was charged twice',
      inputs: { parentGoalId: 'g-1', parentTaskId: 'g-1/respond', delegationDepth: '1' },
      plan: {
        description: "Asked by agent concierge-1 for step 'respond' of goal g-1",
        steps: [{ name: 'classify', capability: 'classify', params: { quote: 'public' } }],
      },
      budget: { deadlineSeconds: 120 },
      priority: 5,
    });
    const deeper = subGoalSubmission(
      task({ inputs: { delegationDepth: '1' }, quote: 'internal' }),
      { capability: 'web.translate', request: 'Bonjour', output: 'text' },
      undefined,
      now,
    );
    expect(deeper.inputs['delegationDepth']).toBe('2');
    expect(deeper.plan.steps).toEqual([
      {
        name: 'web-translate',
        capability: 'web.translate',
        output: 'text',
        params: { quote: 'internal' },
      },
    ]);
    expect(deeper).not.toHaveProperty('priority');
  });

  it("is due by the attempt's time-out or the parent's deadline, whichever is first, in whole seconds", () => {
    const parent = (deadlineAt: number | null) => ({ deadlineAt, priority: 0 });
    const seconds = (t: DelegatingTask, deadlineAt: number | null) =>
      subGoalSubmission(t, ask, parent(deadlineAt), now).budget.deadlineSeconds;
    expect(seconds(task({ attemptDeadlineAt: now + 30_900 }), null)).toBe(30);
    expect(seconds(task({ attemptDeadlineAt: now + 30_000 }), now + 12_500)).toBe(12);
    expect(seconds(task({ attemptDeadlineAt: now + 8_000 }), now + 60_000)).toBe(8);
    expect(() => seconds(task({ attemptDeadlineAt: now + 900 }), null)).toThrow(
      'no time left to ask another agent',
    );
    expect(() => seconds(task(), now - 1)).toThrow(DelegationRefusedError);
  });

  it('refuses beyond the depth limit', () => {
    expect(() =>
      subGoalSubmission(task({ inputs: { delegationDepth: '2' } }), ask, undefined, now),
    ).toThrow('delegation depth limit reached');
  });
});

describe('delegationKey', () => {
  const ask = { capability: 'classify', request: 'Classify: charged twice' };

  it('is the same for the same call asking the same thing, and differs when either changes', () => {
    const key = delegationKey('g1/respond', 'call_1', ask);
    expect(key).toMatch(/^ask:g1\/respond:call_1:[0-9a-f]{16}$/);
    expect(delegationKey('g1/respond', 'call_1', { ...ask })).toBe(key);
    expect(delegationKey('g1/respond', 'call_2', ask)).not.toBe(key);
    expect(delegationKey('g1/respond', 'call_1', { ...ask, request: 'Classify: refund' })).not.toBe(
      key,
    );
    expect(delegationKey('g1/respond', 'call_1', { ...ask, output: 'text' })).not.toBe(key);
    expect(delegationKey('g2/respond', 'call_1', ask)).not.toBe(key);
  });

  it('stays a valid Idempotency-Key whatever the ids hold: printable, at most 255 characters', () => {
    const key = delegationKey('g1/a step', `call ${'x'.repeat(300)}`, ask);
    expect(key).toMatch(/^[\x21-\x7e]+$/);
    expect(key.length).toBeLessThanOrEqual(255);
  });
});
