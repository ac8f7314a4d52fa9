import type { TaskStepJournaled } from '@agora/contracts';
import { testGoalRecord } from '@agora/planner/domain/testing';
import { sampleEvent } from '@agora/contracts/testing';
import { testDataSource } from '@agora/database/testing';
import { GoalEngine, WorkflowCatalog } from '@agora/planner/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerEntities, plannerMigrations } from '../planner-database';
import { GoalRepository } from './goal.repository';
import { TaskStepRepository } from './task-step.repository';

let dataSource: DataSource;
let drop: () => Promise<void>;
let steps: TaskStepRepository;

const goalId = 'g-steps';

function step(task: string, attempt: number, seq: number, kind: string): TaskStepJournaled {
  const sample = sampleEvent('TaskStepJournaled');
  return {
    ...sample,
    envelope: { ...sample.envelope, goalId, occurredAt: 1_764_000_000_000 + seq },
    taskId: `${goalId}/${task}`,
    attempt,
    seq,
    kind,
    replayedFrom: attempt > 1 && seq === 1 ? 1 : null,
  };
}

beforeAll(async () => {
  ({ dataSource, drop } = await testDataSource({
    entities: plannerEntities,
    migrations: plannerMigrations,
    label: 'planner-steps',
  }));
  steps = new TaskStepRepository(dataSource);
  const goals = new GoalRepository(dataSource);
  await goals.insertIfAbsent(
    testGoalRecord({
      id: goalId,
      text: 'a goal',
      requestedWorkflow: 'research',
      createdAt: new Date(),
    }),
  );
  await goals.withGoalLocked(goalId, async (snapshot, tx) => {
    new GoalEngine(snapshot!).plan(WorkflowCatalog.fromDirectory().get('research')!, 'workflow');
    await tx.save(snapshot!);
  });
});
afterAll(async () => drop());

describe('TaskStepRepository on PostgreSQL', () => {
  it('keeps each step once and lists a goal’s steps by plan order, attempt and seq', async () => {
    // Out of order, across batches, with a redelivery.
    await steps.record([step('report', 1, 2, 'tool_call'), step('gather', 2, 1, 'model_call')]);
    await steps.record([
      step('report', 1, 1, 'model_call'),
      step('gather', 1, 1, 'model_call'),
      step('report', 1, 2, 'tool_call'),
    ]);
    const listed = await steps.forGoal(goalId);
    expect(listed!.map((s) => [s.taskName, s.attempt, s.seq, s.kind, s.replayedFrom])).toEqual([
      ['gather', 1, 1, 'model_call', null],
      ['gather', 2, 1, 'model_call', 1],
      ['report', 1, 1, 'model_call', null],
      ['report', 1, 2, 'tool_call', null],
    ]);
    const sample = sampleEvent('TaskStepJournaled');
    expect(listed![0]).toMatchObject({
      taskId: `${goalId}/gather`,
      agentId: sample.agentId,
      name: sample.name,
      result: sample.result,
      usage: sample.usage,
      recordedAt: new Date(1_764_000_000_001),
    });
  });

  it('answers undefined for a goal it does not know, and nothing for one without steps', async () => {
    expect(await steps.forGoal('nope')).toBeUndefined();
    await dataSource.query(
      `insert into goals (id, text, state, created_at, updated_at) values ('g-quiet', 'q', 'accepted', now(), now())`,
    );
    expect(await steps.forGoal('g-quiet')).toEqual([]);
  });
});
