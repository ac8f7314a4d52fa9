import type { EventMap } from '@agora/contracts';
import { AgentDirectory } from './agent-directory';
import type { ConsoleEventType, EventMeta, GoalEventType, TaskEventType } from './console-events';
import type {
  AgentRow,
  GoalDetail,
  GoalRow,
  LagRow,
  PendingDecisionRow,
  SwarmView,
} from './console-views';
import {
  clipOutput,
  GoalRecord,
  taskState,
  MAX_ATTEMPT_OUTPUT_CHARS,
  MAX_GOAL_OUTPUT_CHARS,
  type AttemptRecord,
  type TaskRecord,
} from './goal-record';
import type { GoalQuery } from './goal-query';
import { RecentIds } from './recent-ids';
import { SwarmMetrics } from './swarm-metrics';
import { timelineSummaries } from './timeline-summaries';

export interface ConsoleReadModelOptions {
  /** Goals kept; beyond it the oldest by submission are dropped with their tasks. @default 5000 */
  maxGoals?: number;
  /** Agents kept; beyond it the one heard from least recently is dropped. @default 2000 */
  maxAgents?: number;
  /** The time now, for the swarm's windows. @default Date.now */
  clock?: () => number;
}

/** What one event changed, for the live stream. */
export interface Applied {
  /** Already read (same eventId), or for a goal already dropped: nothing changed. */
  ignored: boolean;
  /** The goal whose row changed. */
  goalId: string | null;
  /** The agent whose row changed. */
  agentId: string | null;
}

const NOTHING: Applied = { ignored: true, goalId: null, agentId: null };

/** Events outside any goal whose ids are remembered to drop a second delivery. */
const REMEMBERED_GLOBAL_IDS = 50_000;

/**
 * The console's view of the swarm, folded from the platform's events: goals with their tasks,
 * attempts, bids and timeline; agents; swarm figures. Pure: no I/O and no clock but the one
 * given, so every rule below is unit-tested.
 *
 * Events come from many topics and partitions, so they arrive in any order across topics (an
 * award before its TaskReady, a goal's end before its plan) and possibly more than once. Every
 * fold is therefore order-free: facts are kept by attempt, agent and round, and whatever depends
 * on order (a late bid, the winner, a task's state) is worked out when a view is asked for. A
 * goal's events are deduplicated by eventId; agents' records by their time.
 *
 * Memory is bounded: the newest `maxGoals` goals (by submission) are kept; the oldest is dropped
 * with its tasks, and its id remembered so that its stragglers do not bring it back.
 */
export class ConsoleReadModel {
  private readonly goals = new Map<string, GoalRecord>();
  /** Goals ascending by (createdAt, goalId): the first is the next to drop. */
  private readonly byAge: GoalRecord[] = [];
  private readonly dropped: RecentIds;
  private readonly seenGlobal = new RecentIds(REMEMBERED_GLOBAL_IDS);
  private readonly agents: AgentDirectory;
  private readonly metrics: SwarmMetrics;
  private readonly maxGoals: number;
  private readonly clock: () => number;
  private deadLetters = 0;

  /** One fold per event type: adding an event type is one entry here. */
  private readonly folds: {
    [T in ConsoleEventType]: (event: EventMap[T], meta: EventMeta) => Applied;
  } = {
    GoalSubmitted: (e, meta) =>
      this.onGoal('GoalSubmitted', e, (goal) => {
        const first = goal.submittedAt === null;
        this.reorder(goal, () => {
          // A goal submitted twice keeps its first submission.
          goal.submittedAt = Math.min(goal.submittedAt ?? Infinity, e.envelope.occurredAt);
        });
        goal.goal = e.goal;
        goal.requestedWorkflow = e.workflow;
        goal.inputs = { ...e.inputs };
        goal.priority = e.priority;
        goal.traceId = meta.traceId ?? goal.traceId;
        if (first) this.metrics.goal('submitted', e.envelope.occurredAt);
      }),
    GoalPlanned: (e) =>
      this.onGoal('GoalPlanned', e, (goal) => {
        goal.planned = true;
        goal.plannedWorkflow = e.workflow;
        goal.planSource = e.source;
        goal.plan(e.tasks, e.envelope.occurredAt);
      }),
    GoalCompleted: (e) =>
      this.onGoal('GoalCompleted', e, (goal) => {
        if (goal.outcome) return;
        const at = e.envelope.occurredAt;
        goal.outcome = {
          kind: 'completed',
          output: clipOutput(e.output, MAX_GOAL_OUTPUT_CHARS),
          usage: { ...e.usage },
          at,
        };
        this.metrics.goal('completed', at);
      }),
    GoalFailed: (e) =>
      this.onGoal('GoalFailed', e, (goal) => {
        if (goal.outcome) return;
        const at = e.envelope.occurredAt;
        goal.outcome = {
          kind: 'failed',
          code: e.code,
          reason: e.reason,
          usage: { ...e.usage },
          at,
        };
        this.metrics.goal('failed', at);
      }),
    TaskReady: (e) =>
      this.onTask('TaskReady', e, e.attempt, (goal, task, attempt) => {
        goal.task(task.taskId, e.envelope.occurredAt, { name: e.name, capability: e.capability });
        attempt.readyAt = e.envelope.occurredAt;
        for (const agent of e.excludedAgents) attempt.excludedAgents.add(agent);
        attempt.feedback = e.feedback;
        this.countAllocation(attempt);
      }),
    CallForProposals: (e) =>
      this.onTask('CallForProposals', e, e.attempt, (goal, task, attempt) => {
        goal.task(task.taskId, e.envelope.occurredAt, {
          name: e.taskName,
          capability: e.capability,
        });
        for (const agent of e.invitedAgents) attempt.invited.add(agent);
        for (const agent of e.excludedAgents) attempt.excludedAgents.add(agent);
        attempt.lastCallAt = Math.max(attempt.lastCallAt ?? 0, e.envelope.occurredAt);
      }),
    BidSubmitted: (e) =>
      this.onTask('BidSubmitted', e, e.attempt, (_goal, _task, attempt) => {
        const key = `${e.agentId}\u0000${e.round}`;
        const at = e.envelope.occurredAt;
        const held = attempt.bids.get(key);
        if (!held || held.at < at) attempt.bids.set(key, { event: e, at });
      }),
    TaskWaiting: (e) =>
      this.onTask('TaskWaiting', e, e.attempt, (goal, task, attempt) => {
        goal.task(task.taskId, e.envelope.occurredAt, { name: '', capability: e.capability });
        const at = e.envelope.occurredAt;
        if (attempt.waiting && attempt.waiting.at > at) return;
        attempt.waiting = {
          reason: e.reason,
          capableAgents: e.capableAgents,
          liveAgents: e.liveAgents,
          freeSlots: e.freeSlots,
          at,
        };
      }),
    TaskAwarded: (e) =>
      this.onTask('TaskAwarded', e, e.attempt, (goal, task, attempt) => {
        goal.task(task.taskId, e.envelope.occurredAt, {
          name: e.taskName,
          capability: e.capability,
        });
        if (attempt.award) return;
        attempt.award = {
          agentId: e.agentId,
          score: e.score,
          round: e.round,
          bidders: [...e.bidders],
          at: e.envelope.occurredAt,
          feedback: e.feedback,
          scores: new Map(e.scores.map((s) => [s.agentId, s.score])),
        };
        this.countAllocation(attempt);
      }),
    TaskProgress: (e) =>
      this.onTask('TaskProgress', e, e.attempt, (_goal, _task, attempt) => {
        const at = e.envelope.occurredAt;
        if (attempt.progress && attempt.progress.at > at) return;
        attempt.progress = { progress: e.progress, message: e.message, at, agentId: e.agentId };
      }),
    TaskCompleted: (e) =>
      this.onTask('TaskCompleted', e, e.attempt, (goal, task, attempt) => {
        goal.task(task.taskId, e.envelope.occurredAt, { name: '', capability: e.capability });
        const at = e.envelope.occurredAt;
        this.metrics.taskCompleted(at);
        if (attempt.result && attempt.result.at <= at) return;
        attempt.result = {
          kind: 'completed',
          agentId: e.agentId,
          output: clipOutput(e.output, MAX_ATTEMPT_OUTPUT_CHARS),
          usage: { ...e.usage },
          at,
        };
      }),
    TaskFailed: (e) =>
      this.onTask('TaskFailed', e, e.attempt, (goal, task, attempt) => {
        goal.task(task.taskId, e.envelope.occurredAt, { name: '', capability: e.capability });
        const at = e.envelope.occurredAt;
        if (attempt.result && attempt.result.at <= at) return;
        attempt.result = {
          kind: 'failed',
          agentId: e.agentId,
          code: e.code,
          reason: e.reason,
          retriable: e.retriable,
          at,
        };
      }),
    TaskEvaluated: (e) =>
      this.onTask('TaskEvaluated', e, e.attempt, (goal, task, attempt) => {
        goal.task(task.taskId, e.envelope.occurredAt, { name: '', capability: e.capability });
        const at = e.envelope.occurredAt;
        if (attempt.evaluation && attempt.evaluation.at <= at) return;
        attempt.evaluation = { verdict: e.verdict, score: e.score, feedback: e.feedback, at };
      }),
    DecisionRequested: (e) =>
      this.onDecision('DecisionRequested', e, (task) => {
        task.decision ??= { requested: null, decided: null };
        task.decision.requested = {
          prompt: e.prompt,
          requestedAt: e.envelope.occurredAt,
          dueAt: e.dueAt,
          onTimeout: e.onTimeout,
        };
      }),
    TaskDecided: (e) =>
      this.onDecision('TaskDecided', e, (task) => {
        task.decision ??= { requested: null, decided: null };
        task.decision.decided = {
          decision: e.decision === 'approve' ? 'approve' : 'reject',
          decidedBy: e.decidedBy,
          comment: e.comment,
          timedOut: e.timedOut,
          at: e.envelope.occurredAt,
        };
      }),
    AgentHeartbeat: (e) => {
      const changed = this.agents.heartbeat(e);
      return changed ? { ignored: false, goalId: null, agentId: e.agentId } : NOTHING;
    },
    AgentReputation: (e) => {
      const changed = this.agents.reputation(e);
      return changed ? { ignored: false, goalId: null, agentId: e.agentId } : NOTHING;
    },
    DeadLetter: (e) => {
      if (!this.seenGlobal.add(e.envelope.eventId)) return NOTHING;
      this.deadLetters += 1;
      // A dead letter of a goal the console holds joins the goal's timeline; it creates none.
      const goal = e.envelope.goalId === null ? undefined : this.goals.get(e.envelope.goalId);
      if (!goal || goal.eventIds.has(e.envelope.eventId)) {
        return { ignored: false, goalId: null, agentId: null };
      }
      goal.eventIds.add(e.envelope.eventId);
      goal.addTimeline({
        eventId: e.envelope.eventId,
        at: e.envelope.occurredAt,
        type: 'DeadLetter',
        taskId: null,
        attempt: null,
        summary: timelineSummaries.DeadLetter(e),
      });
      return { ignored: false, goalId: goal.goalId, agentId: null };
    },
  };

  constructor(options: ConsoleReadModelOptions = {}) {
    this.maxGoals = options.maxGoals ?? 5_000;
    this.clock = options.clock ?? Date.now;
    this.dropped = new RecentIds(this.maxGoals * 4);
    this.agents = new AgentDirectory(options.maxAgents ?? 2_000);
    this.metrics = new SwarmMetrics(this.clock);
  }

  /** Folds one event in; safe to call again with the same event. */
  apply<T extends ConsoleEventType>(type: T, event: EventMap[T], meta: EventMeta = {}): Applied {
    const fold = this.folds[type] as (event: EventMap[T], meta: EventMeta) => Applied;
    return fold(event, meta);
  }

  get goalCount(): number {
    return this.goals.size;
  }

  /** Goals that pass the query, newest first. */
  listGoals(query: GoalQuery): GoalRow[] {
    const needle = query.q?.toLowerCase();
    const rows: GoalRow[] = [];
    for (let i = this.byAge.length - 1; i >= 0 && rows.length < query.limit; i--) {
      const goal = this.byAge[i];
      if (!goal) continue;
      if (query.state !== undefined && goal.state !== query.state) continue;
      if (query.workflow !== undefined && goal.workflow !== query.workflow) continue;
      if (
        needle !== undefined &&
        !goal.goal.toLowerCase().includes(needle) &&
        !goal.goalId.toLowerCase().includes(needle)
      ) {
        continue;
      }
      rows.push(goal.row());
    }
    return rows;
  }

  goalRow(goalId: string): GoalRow | undefined {
    return this.goals.get(goalId)?.row();
  }

  goalDetail(goalId: string): GoalDetail | undefined {
    return this.goals
      .get(goalId)
      ?.detail((agentId, capability) => this.agents.reputationOf(agentId, capability));
  }

  /**
   * Approval steps waiting for a person, the longest-waiting first: requested, not decided, in a
   * goal that has not ended (a goal's deadline may end it with the step still undecided).
   */
  pendingDecisions(): PendingDecisionRow[] {
    const rows: PendingDecisionRow[] = [];
    for (const goal of this.byAge) {
      if (goal.outcome) continue;
      for (const task of goal.tasks.values()) {
        const requested = task.decision?.requested;
        if (!requested || taskState(task) !== 'waiting') continue;
        rows.push({
          goalId: goal.goalId,
          goal: goal.goal,
          workflow: goal.workflow,
          taskId: task.taskId,
          taskName: task.name,
          ...requested,
        });
      }
    }
    return rows.sort((a, b) => a.requestedAt - b.requestedAt || (a.taskId < b.taskId ? -1 : 1));
  }

  agentRows(now = this.clock()): AgentRow[] {
    return this.agents.rows(now);
  }

  agentRow(agentId: string, now = this.clock()): AgentRow | undefined {
    return this.agents.row(agentId, now);
  }

  /** The swarm's figures; lag comes from the brokers, so the caller passes it in. */
  swarm(lag: readonly LagRow[] = [], now = this.clock()): SwarmView {
    const goals = { submitted: 0, running: 0, completed: 0, failed: 0 };
    for (const goal of this.goals.values()) {
      if (goal.state === 'planned' || goal.state === 'submitted') goals.submitted++;
      else goals[goal.state]++;
    }
    return {
      now,
      goals,
      ...this.metrics.view(now),
      lag: lag.map((l) => ({ ...l })),
      deadLetters: this.deadLetters,
      pendingDecisions: this.pendingDecisions().length,
    };
  }

  /** Folds an event of a goal: dedupe, find or make the goal, change it, note it, derive again. */
  private onGoal<T extends GoalEventType>(
    type: T,
    event: EventMap[T],
    change: (goal: GoalRecord) => void,
    task?: { taskId: string; attempt: number | null },
  ): Applied {
    const { goalId, eventId, occurredAt } = event.envelope;
    if (goalId === null || this.dropped.has(goalId)) return NOTHING;
    const goal = this.goals.get(goalId) ?? this.admit(goalId, occurredAt);
    if (goal.eventIds.has(eventId)) return NOTHING;
    goal.eventIds.add(eventId);
    this.reorder(goal, () => goal.seen(occurredAt));
    change(goal);
    goal.addTimeline({
      eventId,
      at: occurredAt,
      type,
      taskId: task?.taskId ?? null,
      attempt: task?.attempt ?? null,
      summary: (timelineSummaries[type] as (e: EventMap[T]) => string)(event),
    });
    goal.refresh();
    this.evict();
    // Evicting may have dropped this very goal (the oldest of a full model).
    return this.goals.has(goalId) ? { ignored: false, goalId, agentId: null } : NOTHING;
  }

  private onTask<T extends TaskEventType>(
    type: T,
    event: EventMap[T] & { taskId: string },
    attemptNumber: number,
    change: (goal: GoalRecord, task: TaskRecord, attempt: AttemptRecord) => void,
  ): Applied {
    return this.onGoal(
      type,
      event,
      (goal) => {
        const task = goal.task(event.taskId, event.envelope.occurredAt);
        change(goal, task, goal.attempt(task, attemptNumber));
      },
      { taskId: event.taskId, attempt: attemptNumber },
    );
  }

  /** Folds an event of an approval step: a task the planner serves, with no attempt of its own. */
  private onDecision<T extends 'DecisionRequested' | 'TaskDecided'>(
    type: T,
    event: EventMap[T],
    change: (task: TaskRecord) => void,
  ): Applied {
    return this.onGoal(
      type,
      event,
      (goal) => {
        const at = event.envelope.occurredAt;
        change(goal.task(event.taskId, at, { name: event.taskName, capability: '' }));
      },
      { taskId: event.taskId, attempt: null },
    );
  }

  /** Counts an attempt's allocation latency once both its TaskReady and its award are in. */
  private countAllocation(attempt: AttemptRecord): void {
    if (attempt.allocationCounted || attempt.readyAt === null || attempt.award === null) return;
    attempt.allocationCounted = true;
    this.metrics.allocation(attempt.award.at, attempt.award.at - attempt.readyAt);
  }

  private admit(goalId: string, at: number): GoalRecord {
    const goal = new GoalRecord(goalId, at);
    this.goals.set(goalId, goal);
    this.byAge.splice(this.ageIndex(goal), 0, goal);
    return goal;
  }

  /** Applies a change that may move the goal's creation time, keeping {@link byAge} sorted. */
  private reorder(goal: GoalRecord, change: () => void): void {
    const before = goal.createdAt;
    change();
    if (goal.createdAt === before) return;
    const index = this.byAge.indexOf(goal);
    if (index >= 0) this.byAge.splice(index, 1);
    this.byAge.splice(this.ageIndex(goal), 0, goal);
  }

  /** Where the goal belongs in {@link byAge}: after every goal older than it (ties by id). */
  private ageIndex(goal: GoalRecord): number {
    let low = 0;
    let high = this.byAge.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.byAge[mid];
      if (other && olderThan(other, goal)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private evict(): void {
    while (this.goals.size > this.maxGoals) {
      const oldest = this.byAge.shift();
      if (!oldest) return;
      this.goals.delete(oldest.goalId);
      this.dropped.add(oldest.goalId);
    }
  }
}

function olderThan(a: GoalRecord, b: GoalRecord): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.goalId < b.goalId);
}
