import type { GoalRecord, GoalSnapshot } from '../goal/goal-records';

/** When test goals are created, unless a test says otherwise. */
export const TEST_GOAL_CREATED_AT = new Date('2030-01-01T00:00:00Z');

/** A goal as the planner records it when accepted, with every field at its default. */
export function testGoalRecord(overrides: Partial<GoalRecord> = {}): GoalRecord {
  const createdAt = overrides.createdAt ?? TEST_GOAL_CREATED_AT;
  return {
    id: 'g1',
    text: 'Explain Kafka',
    workflow: null,
    requestedWorkflow: null,
    requestedPlan: null,
    planSource: null,
    inputs: {},
    deadlineAt: null,
    maxTasks: null,
    maxCostUsd: null,
    maxWaitMs: null,
    priority: 0,
    submittedBy: null,
    traceId: null,
    state: 'accepted',
    output: null,
    failureCode: null,
    reason: null,
    failedTaskId: null,
    attempts: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    createdAt,
    updatedAt: createdAt,
    finishedAt: null,
    ...overrides,
  };
}

/** An accepted goal with no tasks yet, ready for GoalEngine.plan. */
export function testSnapshot(overrides: Partial<GoalRecord> = {}): GoalSnapshot {
  return { goal: testGoalRecord(overrides), tasks: [] };
}
