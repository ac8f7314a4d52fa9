import {
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
 * deadline and priority, submits the sub-goal and waits for it to end. Aborting the signal (the
 * task cancelled, timed out or its lease lost) stops the wait; the sub-goal itself runs on until
 * it ends or its deadline, which is no later than the asking attempt's.
 */
export async function askAgent(
  planner: PlannerGoalsClient,
  task: DelegatingTask,
  ask: AgentAsk,
  signal: AbortSignal,
): Promise<SubGoalResult> {
  nextDelegationDepth(task.inputs);
  const parent = await planner.parentOf(task.goalId, signal);
  const goalId = await planner.submit(subGoalSubmission(task, ask, parent, Date.now()), signal);
  const goal = await planner.waitForEnd(goalId, signal);
  if (goal.state === 'completed') return { goalId, output: goal.output ?? '' };
  const reason = goal.failure?.reason || goal.reason || 'no reason given';
  throw new SubGoalFailedError(
    goalId,
    `sub-goal ${goalId} failed${goal.failure ? ` (${goal.failure.code})` : ''}: ${reason}`,
  );
}
