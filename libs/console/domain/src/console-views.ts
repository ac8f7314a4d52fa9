/*
 * The console's HTTP API, as JSON: the single definition of its shapes, shared by the service
 * that serves them and the single-page app that reads them. Every time is epoch milliseconds.
 * Types only (and the lists of states), so the app can import them without pulling in code.
 */
import type { DoneBy, WorkMode } from '@agora/contracts';

export type { DoneBy, WorkMode };

/** Where a goal is in its life. `planned`: a plan exists and no task has started yet. */
export const GOAL_STATES = ['submitted', 'planned', 'running', 'completed', 'failed'] as const;
export type GoalState = (typeof GOAL_STATES)[number];

/** Where a task is, from its latest attempt. `running`: awarded, the winner works on it. */
export const TASK_STATES = [
  'pending',
  'ready',
  'bidding',
  'waiting',
  'running',
  'evaluating',
  'accepted',
  'rejected',
  'failed',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** An item of `GET /api/goals`, and the data of a `goal` event of `GET /api/stream`. */
export interface GoalRow {
  goalId: string;
  /** What to achieve; empty until the goal's GoalSubmitted has been read. */
  goal: string;
  workflow: string | null;
  state: GoalState;
  createdAt: number;
  finishedAt: number | null;
  /** The goal's own total once it ended, else the sum over the attempts that reported usage. */
  costUsd: number;
  tasks: { total: number; accepted: number };
  failure: { code: string; reason: string } | null;
}

/** What one task attempt consumed, as its agent reported it. */
export interface UsageView {
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  model: string | null;
}

/** What a whole goal consumed, as the planner reported it when the goal ended. */
export interface GoalUsageView {
  tasks: number;
  attempts: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * `GET /api/goals/:id`. The row's fields, except that `tasks` holds every task rather than the
 * row's counts (count them from the list).
 */
export interface GoalDetail extends Omit<GoalRow, 'tasks'> {
  inputs: Record<string, string>;
  priority: number;
  planSource: string | null;
  /** The final output (Markdown for a report), once the goal completed. */
  output: string | null;
  /** W3C trace id from the `traceparent` header of the goal's GoalSubmitted. */
  traceId: string | null;
  usage: GoalUsageView | null;
  /**
   * What did the goal's work, over its tasks' `doneBy`: `offline` when the deterministic skills
   * did all of it, not a model; `model`; `mixed`; null before any task completed.
   */
  mode: WorkMode | null;
  /** In plan order; tasks seen before the plan come after the planned ones. */
  tasks: TaskDetail[];
  /** Every event of the goal, oldest first. */
  timeline: TimelineEntry[];
}

export interface TaskDetail {
  taskId: string;
  name: string;
  capability: string;
  dependsOn: string[];
  state: TaskState;
  /** Attempt 1, 2, … (none for a step the planner serves itself, such as an approval). */
  attempts: AttemptDetail[];
  /**
   * What did the latest attempt's work, from its TaskCompleted (`usage.model`): a model, or the
   * offline deterministic skills; null while it has no result, or failed.
   */
  doneBy: DoneBy | null;
  /** For an approval step: what the person is asked and, once decided, the decision. */
  decision: DecisionView | null;
}

/** An approval step's wait for a person, from DecisionRequested and TaskDecided. */
export interface DecisionView {
  /** What the person is asked; null when the step does not say. */
  prompt: string | null;
  requestedAt: number;
  /** When the step decides by itself, as `onTimeout` says. */
  dueAt: number;
  onTimeout: string;
  decided: {
    decision: 'approve' | 'reject';
    decidedBy: string | null;
    comment: string | null;
    timedOut: boolean;
    at: number;
  } | null;
}

/** An item of `GET /api/decisions`: an approval step waiting for a person. */
export interface PendingDecisionRow {
  goalId: string;
  goal: string;
  workflow: string | null;
  taskId: string;
  taskName: string;
  prompt: string | null;
  requestedAt: number;
  dueAt: number;
  onTimeout: string;
}

export interface AttemptDetail {
  attempt: number;
  readyAt: number | null;
  excludedAgents: string[];
  feedback: string | null;
  /** Union of the invitedAgents of the attempt's calls for proposals. */
  invited: string[];
  /** Oldest first; one row per agent and round. */
  bids: BidRow[];
  waiting: {
    reason: string;
    capableAgents: number;
    liveAgents: number;
    freeSlots: number;
    at: number;
  } | null;
  award: { agentId: string; score: number; round: number; bidders: string[]; at: number } | null;
  progress: { progress: number | null; message: string | null; at: number } | null;
  result: AttemptResult | null;
  evaluation: {
    verdict: 'ACCEPTED' | 'REJECTED';
    score: number;
    feedback: string;
    at: number;
  } | null;
}

export type AttemptResult =
  | { kind: 'completed'; agentId: string; output: string; usage: UsageView; at: number }
  | {
      kind: 'failed';
      agentId: string | null;
      code: string;
      reason: string;
      retriable: boolean;
      at: number;
    };

export interface BidRow {
  agentId: string;
  decision: 'BID' | 'REFUSE';
  round: number;
  at: number;
  cost: number | null;
  estimatedDurationMs: number | null;
  confidence: number | null;
  load: number;
  /** The agent's current reputation for the task's capability, when known. */
  reputation: number | null;
  /** The auction's score of a bid of the winning round (TaskAwarded.scores); null otherwise. */
  score: number | null;
  refusalReason: string | null;
  /** Sent after the attempt was awarded. */
  late: boolean;
  /** The agent was excluded from the attempt, so the auction ignored the bid. */
  excluded: boolean;
  winner: boolean;
}

export interface TimelineEntry {
  at: number;
  /** Event type, e.g. `TaskAwarded`. */
  type: string;
  taskId: string | null;
  taskName: string | null;
  attempt: number | null;
  summary: string;
  /** Time since the previous entry; 0 for the first. */
  gapMs: number;
}

/** An item of `GET /api/agents`, and the data of an `agent` event of `GET /api/stream`. */
export interface AgentRow {
  agentId: string;
  capabilities: string[];
  capacity: number;
  activeTasks: number;
  status: 'ONLINE' | 'DRAINING' | 'OFFLINE';
  /** Not OFFLINE, and its last heartbeat is within 3 of its intervals. */
  online: boolean;
  lastSeen: number;
  costPerTaskUsd: number | null;
  reputation: { capability: string; score: number; samples: number }[];
  /** Reputation over time, oldest first, the last 200 points. */
  history: { at: number; capability: string; score: number }[];
}

/** Consumer lag of one service group on one topic (names without the deployment's prefix). */
export interface LagRow {
  group: string;
  topic: string;
  lag: number;
}

/** `GET /api/swarm`, and the data of a `swarm` event of `GET /api/stream`. */
export interface SwarmView {
  now: number;
  /** Goals in the read model by state; `submitted` counts the planned ones too. */
  goals: { submitted: number; running: number; completed: number; failed: number };
  /** Goals completed and task attempts completed in the last 60 s. */
  throughput: { goalsPerMinute: number; tasksPerMinute: number };
  /** 10 s buckets over the last 10 minutes, oldest first; `at` is the bucket's start. */
  series: { at: number; submitted: number; completed: number; failed: number }[];
  /** TaskReady → TaskAwarded per attempt, over the last 500 awards. */
  allocation: { p50Ms: number | null; p99Ms: number | null; samples: number };
  lag: LagRow[];
  /** DeadLetter events read. */
  deadLetters: number;
  /** Approval steps waiting for a person (`GET /api/decisions` lists them). */
  pendingDecisions: number;
}
