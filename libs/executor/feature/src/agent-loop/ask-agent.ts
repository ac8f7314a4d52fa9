import {
  delegationKey,
  nextDelegationDepth,
  subGoalSubmission,
  type AgentAsk,
  type DelegatingTask,
  type SubGoalResult,
} from '@agora/executor/domain';
import type { PlannerGoalsClient } from './planner-goals.client';

/** A sub-goal that ended without completing; the message is what the asking model is told. */
export class SubGoalFailedError extends Error {
  constructor(
    readonly goalId: string,
    message: string,
  ) {
    super(message);
    this.name = 'SubGoalFailedError';
  }
}

/**
 * Delegates one ask: checks the depth first (nothing is sent beyond it), reads the parent goal's
 * deadline and priority, submits the sub-goal (with an Idempotency-Key, see delegationKey, so
 * the same call made again finds it) and waits for it to end. Aborting the signal (the task
 * cancelled, timed out or its lease lost) stops the wait; the sub-goal runs on until it ends, its
 * deadline (no later than the asking attempt's) passes, or the planner cancels it because the
 * goal that asked has ended.
 */
export async function askAgent(
  planner: PlannerGoalsClient,
  task: DelegatingTask,
  ask: AgentAsk,
  callId: string,
  signal: AbortSignal,
): Promise<SubGoalResult> {
  nextDelegationDepth(task.inputs);
  const parent = await planner.parentOf(task.goalId, signal);
  const goalId = await planner.submit(
    subGoalSubmission(task, ask, parent, Date.now()),
    signal,
    delegationKey(task.taskId, callId, ask),
  );
  const goal = await planner.waitForEnd(goalId, signal);
  if (goal.state === 'completed') return { goalId, output: goal.output ?? '' };
  const reason = goal.failure?.reason || goal.reason || 'no reason given';
  throw new SubGoalFailedError(
    goalId,
    `sub-goal ${goalId} failed${goal.failure ? ` (${goal.failure.code})` : ''}: ${reason}`,
  );
}
