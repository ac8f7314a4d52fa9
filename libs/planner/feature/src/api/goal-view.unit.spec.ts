import type { DoneBy } from '@agora/contracts';
import { testGoalRecord } from '@agora/planner/domain/testing';
import type { GoalSnapshot, TaskRecord } from '@agora/planner/domain';
import { describe, expect, it } from 'vitest';
import { goalView } from './goal-view';

const t0 = new Date('2030-01-01T00:00:00Z');

function task(name: string, capability: string, doneBy: DoneBy | null): TaskRecord {
  return {
    id: `g1/${name}`,
    goalId: 'g1',
    seq: 0,
    name,
    capability,
    dependsOn: [],
    params: {},
    outputKind: null,
    condition: null,
    maxAttempts: 2,
    state: doneBy ? 'accepted' : 'pending',
    attempt: doneBy ? 1 : 0,
    releasedAttempts: 0,
    waitingReason: null,
    decisionDueAt: null,
    decidedBy: null,
    excludedAgents: [],
    lastFeedback: null,
    agentId: doneBy ? 'writer-1' : null,
    awardScore: doneBy ? 0.9 : null,
    bidders: [],
    output: doneBy ? '{"kind":"text","text":"Kafka is a log."}' : null,
    doneBy,
    evalAttempt: null,
    verdict: null,
    evalScore: null,
    evalFeedback: null,
    durationMs: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    createdAt: t0,
    updatedAt: t0,
    finishedAt: null,
  };
}

function snapshot(tasks: TaskRecord[]): GoalSnapshot {
  const goal = testGoalRecord({
    workflow: 'research',
    planSource: 'workflow',
    state: 'running',
    attempts: 1,
    createdAt: t0,
  });
  return { goal, tasks };
}

const offline = { mode: 'offline' } as const;
const model = { mode: 'model', model: 'openai/gpt-4o-mini' } as const;

describe('goalView: who did the work', () => {
  it("shows each task's doneBy, null before its attempt completed", () => {
    const view = goalView(
      snapshot([task('write', 'write', offline), task('edit', 'edit', null)]),
      t0,
    );
    expect(view.tasks.map((t) => [t.name, t.doneBy])).toEqual([
      ['write', offline],
      ['edit', null],
    ]);
  });

  it('says offline when the deterministic skills did every task that did any work', () => {
    const view = goalView(
      snapshot([task('write', 'write', offline), task('edit', 'edit', null)]),
      t0,
    );
    expect(view.mode).toBe('offline');
  });

  it('says model, or mixed, from the tasks', () => {
    expect(goalView(snapshot([task('write', 'write', model)]), t0).mode).toBe('model');
    expect(
      goalView(snapshot([task('write', 'write', model), task('edit', 'edit', offline)]), t0).mode,
    ).toBe('mixed');
  });

  it('says nothing before any task did work', () => {
    expect(goalView(snapshot([task('write', 'write', null)]), t0).mode).toBeNull();
  });
});
