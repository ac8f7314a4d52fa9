import type { DoneBy } from '@agora/contracts';
import type { GoalState } from '../state/goal-state';
import type { TaskState } from '../state/task-state';
import type { StepCondition } from '../workflow/workflow-definition';

/** How a goal's plan was made: from a named workflow, by a model, or given with the goal. */
export type PlanSource = 'workflow' | 'model' | 'inline';

/** A goal as the planner keeps it: what was asked, its limits, where it stands, what it used. */
export interface GoalRecord {
  id: string;
  text: string;
  /** Workflow the plan came from; null until planned, and for a plan a model made. */
  workflow: string | null;
  /** Workflow the submitter asked for; null lets the planner choose. */
  requestedWorkflow: string | null;
  /** The plan the submitter gave instead (GoalSubmitted.plan, JSON), validated when planned. */
  requestedPlan: string | null;
  planSource: PlanSource | null;
  inputs: Record<string, string>;
  deadlineAt: Date | null;
  maxTasks: number | null;
  maxCostUsd: number | null;
  /** Longest one task may wait for an agent with a free slot; null to wait until the deadline. */
  maxWaitMs: number | null;
  /** Higher goals' tasks are auctioned first when agents are busy; 0 is normal. */
  priority: number;
  submittedBy: string | null;
  /** W3C trace id of the submission, which the goal's events join; null when not traced. */
  traceId: string | null;
  state: GoalState;
  /** The final result (for a report, its Markdown); null until completed. */
  output: string | null;
  /** GoalFailed.code; null unless failed. */
  failureCode: string | null;
  /** Why the goal failed, in words a person can act on. */
  reason: string | null;
  failedTaskId: string | null;
  /** Task attempts started, retries included. */
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** One node of a goal's task graph and the history of its current attempt. */
export interface TaskRecord {
  /** `${goalId}/${name}`. */
  id: string;
  goalId: string;
  /** Position in the plan: every task comes after its dependencies. */
  seq: number;
  name: string;
  capability: string;
  /** Names of the steps whose accepted outputs this one needs. */
  dependsOn: string[];
  params: Record<string, unknown>;
  /** The output kind the step must produce (TaskInput.outputKind); null for tasks planned before steps declared one. */
  outputKind: string | null;
  condition: StepCondition | null;
  maxAttempts: number;
  state: TaskState;
  /** Current attempt, 0 before the first. */
  attempt: number;
  /** Attempts lost with their agent's process (TaskFailed released): they do not count against maxAttempts. */
  releasedAttempts: number;
  /** Why the current attempt waits for capacity (or for a person's decision), while it does. */
  waitingReason: string | null;
  /** When an approval step stops waiting for a person and decides by its onTimeout; null otherwise. */
  decisionDueAt: Date | null;
  /** Who approved or rejected an approval step (x-agora-user); null before, or when nobody said. */
  decidedBy: string | null;
  /** Agents that may not bid again: those whose attempts failed or were rejected. */
  excludedAgents: string[];
  /** Evaluator feedback handed to the current attempt. */
  lastFeedback: string | null;
  /** Auction outcome of the current attempt. */
  agentId: string | null;
  awardScore: number | null;
  bidders: string[];
  /** Output of the current attempt, as JSON text. */
  output: string | null;
  /**
   * What did the current attempt's work (TaskCompleted.usage.model): a model, or the offline
   * deterministic skills; null until the attempt completes, for a step a person decides, and for
   * tasks completed before the planner kept it.
   */
  doneBy: DoneBy | null;
  /** Attempt the evaluation fields below belong to. */
  evalAttempt: number | null;
  verdict: 'ACCEPTED' | 'REJECTED' | null;
  evalScore: number | null;
  evalFeedback: string | null;
  /** Usage over all attempts. */
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** A goal and all of its tasks, in plan order. */
export interface GoalSnapshot {
  goal: GoalRecord;
  tasks: TaskRecord[];
}
