import {
  doneByOf,
  workModeOf,
  type BidSubmitted,
  type DoneBy,
  type GoalUsage,
  type PlannedTask,
} from '@agora/contracts';
import type {
  AttemptDetail,
  AttemptResult,
  BidRow,
  GoalDetail,
  GoalRow,
  GoalState,
  TaskDetail,
  DecisionView,
  TaskState,
  TimelineEntry,
} from './console-views';

/** Longest task output kept per attempt, in characters; longer ones are cut, saying so. */
export const MAX_ATTEMPT_OUTPUT_CHARS = 32_000;
/** Longest final output kept per goal, in characters. */
export const MAX_GOAL_OUTPUT_CHARS = 256_000;
/** Timeline entries kept per goal; beyond it the oldest go. */
export const MAX_TIMELINE_ENTRIES = 2_000;

/** Cuts a text to `max` characters, saying how much was left out. */
export function clipOutput(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n\n… (${text.length - max} more characters not kept by the console)`;
}

export interface AttemptRecord {
  attempt: number;
  readyAt: number | null;
  excludedAgents: Set<string>;
  feedback: string | null;
  invited: Set<string>;
  /** When the latest call for proposals went out; orders a new round after a wait. */
  lastCallAt: number | null;
  /** One per agent and round, the latest sent. */
  bids: Map<string, { event: BidSubmitted; at: number }>;
  waiting: AttemptDetail['waiting'];
  award:
    | (NonNullable<AttemptDetail['award']> & {
        feedback: string | null;
        /** Each counted bid of the winning round → its score, from TaskAwarded. */
        scores: ReadonlyMap<string, number>;
      })
    | null;
  progress: (NonNullable<AttemptDetail['progress']> & { agentId: string }) | null;
  result: AttemptResult | null;
  evaluation: AttemptDetail['evaluation'];
  /** The allocation latency of this attempt has been counted. */
  allocationCounted: boolean;
}

export interface TaskRecord {
  taskId: string;
  name: string;
  capability: string;
  dependsOn: string[];
  /** Position in the plan; undefined for a task seen before the plan. */
  planIndex: number | undefined;
  /** When the console first heard of the task, to order tasks outside the plan. */
  firstSeen: number;
  attempts: Map<number, AttemptRecord>;
  /** An approval step's wait for a person; its request and its decision may come in any order. */
  decision: {
    requested: Omit<DecisionView, 'decided'> | null;
    decided: DecisionView['decided'];
  } | null;
}

/**
 * Where an event falls in a goal's life, to order events stamped in the same millisecond (the
 * planner writes a plan and its first TaskReady together): the order in which they must happen.
 */
const LIFECYCLE_RANK: Readonly<Record<string, number>> = Object.fromEntries(
  [
    'GoalSubmitted',
    'GoalPlanned',
    'TaskReady',
    'CallForProposals',
    'BidSubmitted',
    'TaskWaiting',
    'TaskAwarded',
    'TaskProgress',
    'TaskCompleted',
    'TaskFailed',
    'TaskEvaluated',
    'DecisionRequested',
    'TaskDecided',
    'DeadLetter',
    'GoalCompleted',
    'GoalFailed',
  ].map((type, rank) => [type, rank]),
);

/** Whether `a` comes after `b` in a timeline: later, or as late and later in a goal's life. */
function after(a: TimelineItem | undefined, b: TimelineItem): boolean {
  if (!a) return false;
  if (a.at !== b.at) return a.at > b.at;
  return (LIFECYCLE_RANK[a.type] ?? 0) > (LIFECYCLE_RANK[b.type] ?? 0);
}

interface TimelineItem {
  eventId: string;
  at: number;
  type: string;
  taskId: string | null;
  attempt: number | null;
  summary: string;
}

/** Everything the console knows about one goal, folded from its events. */
export class GoalRecord {
  goal = '';
  submittedAt: number | null = null;
  requestedWorkflow: string | null = null;
  inputs: Record<string, string> = {};
  priority = 0;
  traceId: string | null = null;
  planned = false;
  plannedWorkflow: string | null = null;
  planSource: string | null = null;
  outcome:
    | { kind: 'completed'; output: string; usage: GoalUsage; at: number }
    | { kind: 'failed'; code: string; reason: string; usage: GoalUsage; at: number }
    | null = null;
  readonly tasks = new Map<string, TaskRecord>();
  readonly eventIds = new Set<string>();
  /** Ascending by time, then by place in a goal's life; then in the order read. */
  private readonly timeline: TimelineItem[] = [];
  /** Derived after every change, so lists and counts need not fold again. */
  state: GoalState = 'submitted';
  costUsd = 0;
  accepted = 0;

  constructor(
    readonly goalId: string,
    /** Time of the first event read, until the GoalSubmitted tells the real one. */
    private firstEventAt: number,
  ) {}

  get createdAt(): number {
    return this.submittedAt ?? this.firstEventAt;
  }

  get workflow(): string | null {
    return this.plannedWorkflow ?? this.requestedWorkflow;
  }

  /** Notes an event's time; the goal's creation time is the earliest seen until submission. */
  seen(at: number): void {
    if (at < this.firstEventAt) this.firstEventAt = at;
  }

  task(taskId: string, at: number, known?: { name: string; capability: string }): TaskRecord {
    let task = this.tasks.get(taskId);
    if (!task) {
      task = {
        taskId,
        name: known?.name ?? '',
        capability: known?.capability ?? '',
        dependsOn: [],
        planIndex: undefined,
        firstSeen: at,
        attempts: new Map(),
        decision: null,
      };
      this.tasks.set(taskId, task);
    } else if (known) {
      task.name ||= known.name;
      task.capability ||= known.capability;
    }
    return task;
  }

  attempt(task: TaskRecord, attempt: number): AttemptRecord {
    let record = task.attempts.get(attempt);
    if (!record) {
      record = {
        attempt,
        readyAt: null,
        excludedAgents: new Set(),
        feedback: null,
        invited: new Set(),
        lastCallAt: null,
        bids: new Map(),
        waiting: null,
        award: null,
        progress: null,
        result: null,
        evaluation: null,
        allocationCounted: false,
      };
      task.attempts.set(attempt, record);
    }
    return record;
  }

  plan(tasks: readonly PlannedTask[], at: number): void {
    tasks.forEach((planned, index) => {
      const task = this.task(planned.taskId, at);
      task.name = planned.name;
      task.capability = planned.capability;
      task.dependsOn = [...planned.dependsOn];
      task.planIndex = index;
    });
  }

  addTimeline(item: TimelineItem): void {
    let i = this.timeline.length;
    while (i > 0 && after(this.timeline[i - 1], item)) i--;
    this.timeline.splice(i, 0, item);
    if (this.timeline.length > MAX_TIMELINE_ENTRIES) {
      for (const dropped of this.timeline.splice(0, this.timeline.length - MAX_TIMELINE_ENTRIES)) {
        this.eventIds.delete(dropped.eventId);
      }
    }
  }

  /** Recomputes the derived state, cost and counts after a change. */
  refresh(): void {
    let accepted = 0;
    let cost = 0;
    let started = false;
    for (const task of this.tasks.values()) {
      if (taskState(task) === 'accepted') accepted++;
      for (const attempt of task.attempts.values()) {
        started = true;
        if (attempt.result?.kind === 'completed') cost += attempt.result.usage.costUsd;
      }
    }
    this.accepted = accepted;
    this.costUsd = this.outcome ? this.outcome.usage.costUsd : cost;
    this.state = this.outcome
      ? this.outcome.kind
      : started
        ? 'running'
        : this.planned
          ? 'planned'
          : 'submitted';
  }

  row(): GoalRow {
    return {
      goalId: this.goalId,
      goal: this.goal,
      workflow: this.workflow,
      state: this.state,
      createdAt: this.createdAt,
      finishedAt: this.outcome?.at ?? null,
      costUsd: this.costUsd,
      tasks: { total: this.tasks.size, accepted: this.accepted },
      failure:
        this.outcome?.kind === 'failed'
          ? { code: this.outcome.code, reason: this.outcome.reason }
          : null,
    };
  }

  detail(reputationOf: (agentId: string, capability: string) => number | null): GoalDetail {
    const { tasks: _counts, ...row } = this.row();
    const ordered = this.orderedTasks();
    const names = new Map(ordered.map((t) => [t.taskId, t.name || null]));
    let previous: number | undefined;
    const timeline: TimelineEntry[] = this.timeline.map((item) => {
      const gapMs = previous === undefined ? 0 : Math.max(0, item.at - previous);
      previous = item.at;
      return {
        at: item.at,
        type: item.type,
        taskId: item.taskId,
        taskName: item.taskId === null ? null : (names.get(item.taskId) ?? null),
        attempt: item.attempt,
        summary: item.summary,
        gapMs,
      };
    });
    const tasks = ordered.map((task) => taskDetail(task, reputationOf));
    return {
      ...row,
      inputs: { ...this.inputs },
      priority: this.priority,
      planSource: this.planSource,
      output: this.outcome?.kind === 'completed' ? this.outcome.output : null,
      traceId: this.traceId,
      usage: this.outcome ? { ...this.outcome.usage } : null,
      mode: workModeOf(tasks.map((t) => t.doneBy)),
      tasks,
      timeline,
    };
  }

  /** Plan order first, then tasks seen outside the plan by when they were first seen. */
  private orderedTasks(): TaskRecord[] {
    return [...this.tasks.values()].sort((a, b) => {
      const ai = a.planIndex ?? Number.MAX_SAFE_INTEGER;
      const bi = b.planIndex ?? Number.MAX_SAFE_INTEGER;
      return ai - bi || a.firstSeen - b.firstSeen || (a.taskId < b.taskId ? -1 : 1);
    });
  }
}

/** The task's state, read off its latest attempt. */
export function taskState(task: TaskRecord): TaskState {
  if (task.decision) {
    const { decided } = task.decision;
    if (!decided) return 'waiting';
    return decided.decision === 'approve' ? 'accepted' : 'failed';
  }
  let latest: AttemptRecord | undefined;
  for (const attempt of task.attempts.values()) {
    if (!latest || attempt.attempt > latest.attempt) latest = attempt;
  }
  if (!latest) return 'pending';
  if (latest.evaluation) return latest.evaluation.verdict === 'ACCEPTED' ? 'accepted' : 'rejected';
  if (latest.result) return latest.result.kind === 'completed' ? 'evaluating' : 'failed';
  if (latest.award) return 'running';
  const calledAfterWait =
    latest.lastCallAt !== null &&
    (latest.waiting === null || latest.lastCallAt > latest.waiting.at);
  if (latest.waiting && !calledAfterWait) return 'waiting';
  if (latest.lastCallAt !== null || latest.bids.size > 0) return 'bidding';
  return 'ready';
}

function taskDetail(
  task: TaskRecord,
  reputationOf: (agentId: string, capability: string) => number | null,
): TaskDetail {
  return {
    taskId: task.taskId,
    name: task.name,
    capability: task.capability,
    dependsOn: [...task.dependsOn],
    state: taskState(task),
    attempts: [...task.attempts.values()]
      .sort((a, b) => a.attempt - b.attempt)
      .map((attempt) => attemptDetail(task, attempt, reputationOf)),
    doneBy: doneByOfLatest(task),
    decision: decisionView(task),
  };
}

/** What did the latest attempt's work, once it completed (the planner keeps the same). */
function doneByOfLatest(task: TaskRecord): DoneBy | null {
  let latest: AttemptRecord | undefined;
  for (const attempt of task.attempts.values()) {
    if (!latest || attempt.attempt > latest.attempt) latest = attempt;
  }
  return latest?.result?.kind === 'completed' ? doneByOf(latest.result.usage) : null;
}

/** The approval's view once its request is in; a decision read before it waits for it. */
function decisionView(task: TaskRecord): DecisionView | null {
  const requested = task.decision?.requested;
  if (!requested) return null;
  const decided = task.decision?.decided ?? null;
  return { ...requested, decided: decided ? { ...decided } : null };
}

function attemptDetail(
  task: TaskRecord,
  attempt: AttemptRecord,
  reputationOf: (agentId: string, capability: string) => number | null,
): AttemptDetail {
  const { award } = attempt;
  const bids: BidRow[] = [...attempt.bids.values()]
    .sort((a, b) => a.at - b.at || (a.event.agentId < b.event.agentId ? -1 : 1))
    .map(({ event, at }) => {
      const winner =
        award !== null &&
        event.decision === 'BID' &&
        event.agentId === award.agentId &&
        event.round === award.round;
      return {
        agentId: event.agentId,
        decision: event.decision,
        round: event.round,
        at,
        cost: event.cost,
        estimatedDurationMs: event.estimatedDurationMs,
        confidence: event.confidence,
        load: event.load,
        reputation: reputationOf(event.agentId, task.capability),
        score:
          award !== null && event.decision === 'BID' && event.round === award.round
            ? (award.scores.get(event.agentId) ?? (winner ? award.score : null))
            : null,
        refusalReason: event.refusalReason,
        late: award !== null && at > award.at,
        excluded: attempt.excludedAgents.has(event.agentId),
        winner,
      };
    });
  return {
    attempt: attempt.attempt,
    readyAt: attempt.readyAt,
    excludedAgents: [...attempt.excludedAgents].sort(),
    feedback: attempt.feedback ?? award?.feedback ?? null,
    invited: [...attempt.invited].sort(),
    bids,
    waiting: attempt.waiting ? { ...attempt.waiting } : null,
    award: award
      ? {
          agentId: award.agentId,
          score: award.score,
          round: award.round,
          bidders: [...award.bidders],
          at: award.at,
        }
      : null,
    progress: attempt.progress
      ? {
          progress: attempt.progress.progress,
          message: attempt.progress.message,
          at: attempt.progress.at,
        }
      : null,
    result: attempt.result ? { ...attempt.result } : null,
    evaluation: attempt.evaluation ? { ...attempt.evaluation } : null,
  };
}
