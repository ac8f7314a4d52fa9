import {
  outputKinds,
  workModeOf,
  type DoneBy,
  type GoalUsage,
  type WorkMode,
} from '@agora/contracts';
import type { PendingDecision } from '@agora/planner/data-access';
import {
  approvalSettings,
  goalUsage,
  isHumanStep,
  type GoalRecord,
  type GoalSnapshot,
  type TaskRecord,
} from '@agora/planner/domain';

/** One task as GET /goals/:id shows it. */
export interface TaskView {
  taskId: string;
  name: string;
  capability: string;
  dependsOn: string[];
  state: string;
  attempts: number;
  maxAttempts: number;
  excludedAgents: string[];
  /** Why the attempt waits for an agent with a free slot (or for a person), while state is waiting. */
  waitingFor: string | null;
  /** An approval step's decision: what the person is asked, by when, and who decided; null for other steps. */
  approval: ApprovalView | null;
  auction: { agentId: string; score: number | null; bidders: string[] } | null;
  evaluation: {
    attempt: number | null;
    verdict: string;
    score: number | null;
    feedback: string | null;
  } | null;
  /** The latest attempt's output as the agent sent it (TaskCompleted.output, JSON); null before one. */
  output: string | null;
  /** The same for a person: rendered as Markdown by its kind (see @agora/contracts); text that is not a known output as it is. */
  outputText: string | null;
  /**
   * What did the latest attempt's work: a model (provider/model) or the offline deterministic
   * skills; null before it completed, and for a step a person decides.
   */
  doneBy: DoneBy | null;
}

/** An approval step as GET /goals/:id shows it. */
export interface ApprovalView {
  prompt: string | null;
  /** When the step decides by itself (onTimeout), while it waits; null once decided. */
  deadlineAt: string | null;
  onTimeout: 'approve' | 'reject';
  /** Who decided, when someone did and said who they were. */
  decidedBy: string | null;
}

/** An item of GET /decisions: an approval waiting for a person. */
export interface DecisionView {
  goalId: string;
  goal: string;
  taskId: string;
  task: string;
  prompt: string | null;
  deadlineAt: string;
  onTimeout: 'approve' | 'reject';
  waitingSince: string;
  /** The commands that decide it. */
  approve: string;
  reject: string;
}

/** GET /goals/:id. */
export interface GoalView {
  goalId: string;
  goal: string;
  workflow: string | null;
  planSource: string | null;
  /** W3C trace id the goal's events join (find it in Jaeger, or in logs as traceId). */
  traceId: string | null;
  state: string;
  output: string | null;
  failure: { code: string; reason: string; taskId: string | null } | null;
  reason: string | null;
  inputs: Record<string, string>;
  priority: number;
  budget: {
    deadlineAt: string | null;
    maxTasks: number | null;
    maxCostUsd: number | null;
    maxWaitMs: number | null;
  };
  /** Tasks waiting for capacity or a person now: what a goal that seems stuck is waiting for. */
  waiting: { taskId: string; name: string; capability: string; reason: string }[];
  usage: GoalUsage;
  /**
   * What did the goal's work, over the tasks that did any (their `doneBy`): `offline` when the
   * deterministic skills did all of it, not a model; `model`; `mixed`; null before any task did.
   */
  mode: WorkMode | null;
  createdAt: string;
  finishedAt: string | null;
  tasks: TaskView[];
}

/** An item of GET /goals. */
export interface GoalSummary {
  goalId: string;
  goal: string;
  workflow: string | null;
  state: string;
  reason: string | null;
  priority: number;
  attempts: number;
  costUsd: number;
  createdAt: string;
  finishedAt: string | null;
}

export function goalView(snapshot: GoalSnapshot, now = new Date()): GoalView {
  const { goal, tasks } = snapshot;
  return {
    goalId: goal.id,
    goal: goal.text,
    workflow: goal.workflow ?? goal.requestedWorkflow,
    planSource: goal.planSource,
    traceId: goal.traceId,
    state: goal.state,
    output: goal.output,
    failure: goal.failureCode
      ? { code: goal.failureCode, reason: goal.reason ?? '', taskId: goal.failedTaskId }
      : null,
    reason: goal.reason,
    inputs: goal.inputs,
    priority: goal.priority,
    budget: {
      deadlineAt: goal.deadlineAt?.toISOString() ?? null,
      maxTasks: goal.maxTasks,
      maxCostUsd: goal.maxCostUsd,
      maxWaitMs: goal.maxWaitMs,
    },
    waiting: tasks
      .filter((t) => t.state === 'waiting')
      .map((t) => ({
        taskId: t.id,
        name: t.name,
        capability: t.capability,
        reason: t.waitingReason ?? 'waiting for capacity',
      })),
    usage: goalUsage(snapshot, now),
    mode: workModeOf(tasks.map((t) => t.doneBy)),
    createdAt: goal.createdAt.toISOString(),
    finishedAt: goal.finishedAt?.toISOString() ?? null,
    tasks: tasks.map((t) => ({
      taskId: t.id,
      name: t.name,
      capability: t.capability,
      dependsOn: t.dependsOn,
      state: t.state,
      attempts: t.attempt,
      maxAttempts: t.maxAttempts,
      excludedAgents: t.excludedAgents,
      waitingFor: t.state === 'waiting' ? t.waitingReason : null,
      approval: isHumanStep(t) ? approvalView(t) : null,
      auction: t.agentId ? { agentId: t.agentId, score: t.awardScore, bidders: t.bidders } : null,
      evaluation: t.verdict
        ? {
            attempt: t.evalAttempt,
            verdict: t.verdict,
            score: t.evalScore,
            feedback: t.evalFeedback,
          }
        : null,
      output: t.output,
      outputText: t.output === null ? null : outputKinds.toMarkdown(t.output),
      doneBy: t.doneBy,
    })),
  };
}

export function goalSummary(goal: GoalRecord): GoalSummary {
  return {
    goalId: goal.id,
    goal: goal.text,
    workflow: goal.workflow ?? goal.requestedWorkflow,
    state: goal.state,
    reason: goal.reason,
    priority: goal.priority,
    attempts: goal.attempts,
    costUsd: goal.costUsd,
    createdAt: goal.createdAt.toISOString(),
    finishedAt: goal.finishedAt?.toISOString() ?? null,
  };
}

function approvalView(task: TaskRecord): ApprovalView {
  const { prompt, onTimeout } = approvalSettings(task.params);
  return {
    prompt: prompt ?? null,
    deadlineAt: task.state === 'waiting' ? (task.decisionDueAt?.toISOString() ?? null) : null,
    onTimeout,
    decidedBy: task.decidedBy,
  };
}

export function decisionView(pending: PendingDecision): DecisionView {
  const { prompt, onTimeout } = approvalSettings(pending.params);
  return {
    goalId: pending.goalId,
    goal: pending.goal,
    taskId: pending.taskId,
    task: pending.name,
    prompt: prompt ?? null,
    deadlineAt: pending.dueAt.toISOString(),
    onTimeout,
    waitingSince: pending.since.toISOString(),
    approve: `agora approve ${pending.goalId} ${pending.name}`,
    reject: `agora reject ${pending.goalId} ${pending.name}`,
  };
}
