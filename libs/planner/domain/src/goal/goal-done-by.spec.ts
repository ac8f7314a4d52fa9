import type { TaskEvaluated, Usage } from '@agora/contracts';
import { testSnapshot } from '../testing/goal-records';
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../workflow/workflow-definition';
import { GoalEngine } from './goal-engine';
import type { GoalSnapshot, TaskRecord } from './goal-records';

const envelope = {
  eventId: '00000000-0000-4000-8000-000000000000',
  occurredAt: 0,
  goalId: 'g1',
  causationId: null,
  producer: { service: 'test', version: '0' },
};
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
const offline: Usage = { durationMs: 5, inputTokens: 0, outputTokens: 0, costUsd: 0, model: null };
const model: Usage = {
  durationMs: 900,
  inputTokens: 300,
  outputTokens: 80,
  costUsd: 0.002,
  model: 'openai/gpt-4o-mini',
};

function plannedGoal(): GoalSnapshot {
  const t0 = at(0);
  const s: GoalSnapshot = testSnapshot({ createdAt: t0 });
  const plan = validateWorkflow(
    {
      name: 'two-steps',
      steps: [
        { name: 'draft', capability: 'write', maxAttempts: 2 },
        { name: 'approve', capability: 'approval', dependsOn: ['draft'] },
      ],
    },
    'two-steps.yaml',
  );
  new GoalEngine(s, t0).plan(plan, 'inline');
  return s;
}

/** Runs the current attempt of `draft` through award and result, and evaluates it if asked. */
function attempt(s: GoalSnapshot, usage: Usage, verdict?: TaskEvaluated['verdict']): TaskRecord {
  const task = s.tasks.find((t) => t.name === 'draft')!;
  const base = {
    envelope,
    taskId: task.id,
    attempt: task.attempt,
    agentId: `agent-${task.attempt}`,
    capability: task.capability,
  };
  new GoalEngine(s, at(1)).awarded({
    ...base,
    round: 1,
    incarnation: '',
    taskName: task.name,
    leaseExpiresAt: 0,
    score: 0.9,
    bidders: [base.agentId],
    scores: [],
    input: '{}',
    feedback: null,
  });
  new GoalEngine(s, at(2)).completed({ ...base, output: '{"kind":"text","text":"x"}', usage });
  if (verdict) {
    new GoalEngine(s, at(3)).evaluated({ ...base, verdict, score: 0.5, feedback: 'again' });
  }
  return task;
}

describe('GoalEngine: what did a task’s work', () => {
  it('is nobody before the attempt completes', () => {
    const s = plannedGoal();
    expect(s.tasks.map((t) => t.doneBy)).toEqual([null, null]);
  });

  it('is the offline deterministic skills when the result names no model', () => {
    const s = plannedGoal();
    expect(attempt(s, offline, 'ACCEPTED').doneBy).toEqual({ mode: 'offline' });
  });

  it('is the model the result names (usage.model)', () => {
    const s = plannedGoal();
    expect(attempt(s, model).doneBy).toEqual({ mode: 'model', model: 'openai/gpt-4o-mini' });
  });

  it('belongs to the current attempt: a retry forgets the rejected one’s, then keeps its own', () => {
    const s = plannedGoal();
    const task = attempt(s, offline, 'REJECTED');
    expect(task.attempt).toBe(2);
    expect(task.doneBy).toBeNull();
    attempt(s, model, 'ACCEPTED');
    expect(task.doneBy).toEqual({ mode: 'model', model: 'openai/gpt-4o-mini' });
  });

  it('is nobody for an approval, which a person decides', () => {
    const s = plannedGoal();
    attempt(s, offline, 'ACCEPTED');
    new GoalEngine(s, at(5)).decide('approve', 'approve', null, 'ana');
    expect(s.tasks.find((t) => t.name === 'approve')).toMatchObject({
      state: 'accepted',
      doneBy: null,
    });
  });
});
