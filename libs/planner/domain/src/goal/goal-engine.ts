import type {
  EventMap,
  EventType,
  GoalUsage,
  Principal,
  TaskAwarded,
  TaskCompleted,
  TaskEvaluated,
  TaskFailed,
  TaskInput,
  TaskOutput,
  TaskProgress,
  TaskWaiting,
  Usage,
} from '@agora/contracts';
import { builtInOutputKind, doneByOf, type ReviewOutput } from '@agora/contracts';
import { approvalSettings, isHumanStep, type ApprovalDecision } from '../approval/approval-step';
import { isGoalTerminal, transitionGoal } from '../state/goal-state';
import {
  awardableStates,
  isTaskActive,
  isTaskDone,
  startableStates,
  transitionTask,
  type TaskState,
} from '../state/task-state';
import { conditionHolds, type WorkflowDefinition } from '../workflow/workflow-definition';
import type { PlanningUsage } from '../planning/goal-decomposer';
import type { GoalSnapshot, PlanSource, TaskRecord } from './goal-records';

/** The events the planner publishes. */
export type PlannerEventType = Extract<
  EventType,
  | 'GoalPlanned'
  | 'TaskReady'
  | 'TaskFailed'
  | 'GoalCompleted'
  | 'GoalFailed'
  | 'DecisionRequested'
  | 'TaskDecided'
>;

/** An event the planner must publish, without its envelope (the caller stamps it). */
export type PlannerEvent = {
  [T in PlannerEventType]: { type: T; body: Omit<EventMap[T], 'envelope'> };
}[PlannerEventType];

/** A budget limit that ended a goal. */
export type BudgetLimit = 'deadline' | 'maxTasks' | 'maxCostUsd' | 'maxWaitMs';

/**
 * Why a result or failure was refused: it is about an attempt that is not the task's current one
 * (`stale_attempt`), or it does not come from the agent the attempt was awarded to
 * (`not_awarded`).
 */
export type ResultRefusal = 'stale_attempt' | 'not_awarded';

/**
 * Why a person's decision was refused: the goal has no such task (`unknown_task`), or the task
 * is not waiting for a decision (`not_awaiting`: decided already, not an approval, not reached
 * yet, or the goal is over).
 */
export type DecisionRefusal = 'unknown_task' | 'not_awaiting';
/** Why a goal was cancelled, as GoalFailed says it. */
export function cancellationReason(by: string | null, reason: string | null): string {
  const who = `cancelled by ${by ?? 'an unnamed person'}`;
  return reason ? `${who}: ${reason}` : who;
}

/** The only service that ends an attempt without naming an agent: it could not award it. */
const AUCTION: Principal = 'auction';

/** What applying one input to a goal did. */
export interface EngineResult {
  /** Events to publish, in order. */
  events: PlannerEvent[];
  /** Whether the snapshot changed and must be saved. */
  changed: boolean;
  /** Whether the goal row itself changed. */
  goalChanged: boolean;
  /** The tasks that changed (or were created): the only task rows to write. */
  changedTasks: TaskRecord[];
  /** Why the input was ignored (finished goal, duplicate…), for the logs. */
  ignored?: string;
  /** Set, with `ignored`, when a result or failure was refused rather than merely late. */
  refused?: ResultRefusal;
  /**
   * Set when a result or failure came before the award of its attempt was read: nothing changed,
   * and the caller keeps it until the award is read, then applies it again.
   */
  awaitingAward?: true;
  /** Set when a budget limit made the goal fail. */
  limit?: BudgetLimit;
  /** Set, with `ignored`, when a person's decision was refused. */
  decisionRefused?: DecisionRefusal;
  /** Set, with `ignored`, when a cancellation came after the goal had ended. */
  cancelRefused?: 'already_ended';
}

/**
 * The planner's rules for one goal, applied to a snapshot of the goal and its tasks. Pure: it
 * mutates the snapshot and returns the events to publish; the caller loads the snapshot under a
 * lock on the goal row, saves it and publishes, so concurrent results for one goal are applied
 * one after the other and dependants are released exactly once.
 */
export class GoalEngine {
  private readonly events: PlannerEvent[] = [];
  private goalChanged = false;
  private readonly changedTasks = new Set<TaskRecord>();
  private limit: BudgetLimit | undefined;
  /** A task whose agent already gave up: if the goal fails now, it needs no cancellation. */
  private finishedByAgent: TaskRecord | undefined;

  constructor(
    private readonly snapshot: GoalSnapshot,
    private readonly now: Date = new Date(),
  ) {}

  private get goal() {
    return this.snapshot.goal;
  }

  /**
   * Expands a workflow into tasks, announces the plan and starts the tasks that can start.
   * `usage` is what planning with a model cost; it counts in the goal's usage.
   */
  plan(workflow: WorkflowDefinition, source: PlanSource, usage?: PlanningUsage): EngineResult {
    if (this.goal.state !== 'accepted') return this.ignore(`goal is already ${this.goal.state}`);
    const goalId = this.goal.id;
    if (usage) {
      this.goal.inputTokens += usage.inputTokens;
      this.goal.outputTokens += usage.outputTokens;
      this.goal.costUsd += usage.costUsd;
    }
    this.snapshot.tasks = workflow.steps.map((step, seq) => ({
      id: taskIdOf(goalId, step.name),
      goalId,
      seq,
      name: step.name,
      capability: step.capability,
      dependsOn: [...step.dependsOn],
      params: step.params,
      outputKind: step.output ?? builtInOutputKind(step.capability) ?? null,
      condition: step.when ?? null,
      maxAttempts: step.maxAttempts,
      state: 'pending',
      attempt: 0,
      releasedAttempts: 0,
      waitingReason: null,
      decisionDueAt: null,
      decidedBy: null,
      excludedAgents: [],
      lastFeedback: null,
      agentId: null,
      awardScore: null,
      bidders: [],
      output: null,
      doneBy: null,
      evalAttempt: null,
      verdict: null,
      evalScore: null,
      evalFeedback: null,
      durationMs: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      createdAt: this.now,
      updatedAt: this.now,
      finishedAt: null,
    }));
    for (const task of this.snapshot.tasks) this.changedTasks.add(task);
    this.goal.workflow = source === 'workflow' ? workflow.name : null;
    this.goal.planSource = source;
    transitionGoal(this.goal, 'planned');
    this.touchGoal();
    this.emit({
      type: 'GoalPlanned',
      body: {
        workflow: this.goal.workflow,
        source,
        tasks: this.snapshot.tasks.map((t) => ({
          taskId: t.id,
          name: t.name,
          capability: t.capability,
          dependsOn: t.dependsOn.map((d) => taskIdOf(goalId, d)),
          input: Object.keys(t.params).length > 0 ? JSON.stringify(t.params) : null,
        })),
      },
    });
    if (this.deadlinePassed()) return this.result();
    this.release();
    return this.result();
  }

  /** No plan could be made: the goal fails as unplannable. */
  unplannable(reason: string): EngineResult {
    if (this.goal.state !== 'accepted') return this.ignore(`goal is already ${this.goal.state}`);
    this.fail('unplannable', reason, null);
    return this.result();
  }

  awarded(event: TaskAwarded): EngineResult {
    const task = this.currentTask(event.taskId, event.attempt);
    if (typeof task === 'string') return this.ignore(task);
    task.agentId = event.agentId;
    task.awardScore = event.score;
    task.bidders = [...event.bidders];
    task.waitingReason = null;
    if (awardableStates.includes(task.state)) transitionTask(task, 'awarded');
    this.touch(task);
    this.deadlinePassed();
    return this.result();
  }

  progressed(event: TaskProgress): EngineResult {
    const task = this.currentTask(event.taskId, event.attempt);
    if (typeof task === 'string') return this.ignore(task);
    if (task.agentId !== null && task.agentId !== event.agentId) {
      return this.ignore(`progress from ${event.agentId}, not the winner ${task.agentId}`);
    }
    if (startableStates.includes(task.state)) {
      transitionTask(task, 'running');
      task.waitingReason = null;
      this.touch(task);
    }
    this.deadlinePassed();
    return this.result();
  }

  completed(event: TaskCompleted): EngineResult {
    const task = this.resultTask(event);
    if (!isTask(task)) return task;
    if (!isAttemptOut(task.state)) {
      return this.ignore(`task ${task.name} is already ${task.state}`);
    }
    transitionTask(task, 'completed');
    task.output = event.output;
    task.doneBy = doneByOf(event.usage);
    this.charge(task, event.usage);
    this.touch(task);
    if (this.deadlinePassed() || this.overCost()) return this.result();
    // The evaluation may have been read before the result it judges (they travel on different
    // topics); it was kept and applies now.
    if (task.evalAttempt === task.attempt && task.verdict !== null) this.applyVerdict(task);
    return this.result();
  }

  failed(event: TaskFailed): EngineResult {
    const task = this.resultTask(event);
    if (!isTask(task)) return task;
    if (!isAttemptOut(task.state)) {
      return this.ignore(`task ${task.name} is already ${task.state}`);
    }
    this.finishedByAgent = task;
    if (event.usage) this.charge(task, event.usage);
    // A released attempt was lost with the agent's process, not failed by the agent: the agent
    // may take the task again, and the attempt does not count against maxAttempts.
    const released = event.code === 'released';
    if (released) task.releasedAttempts += 1;
    else if (event.agentId && !task.excludedAgents.includes(event.agentId)) {
      task.excludedAgents.push(event.agentId);
    }
    this.touch(task);
    if (this.deadlinePassed() || this.overCost()) return this.result();
    if (event.code === 'unallocatable') {
      transitionTask(task, 'failed');
      this.fail(
        'task_failed',
        `task ${task.name} could not be allocated: ${event.reason}`,
        task.id,
      );
    } else if (event.code === 'wait_exceeded') {
      transitionTask(task, 'failed');
      this.limit = 'maxWaitMs';
      this.fail('wait_exceeded', `task ${task.name} ${event.reason}`, task.id);
    } else if (!event.retriable) {
      transitionTask(task, 'failed');
      this.fail('task_failed', `task ${task.name} failed: ${event.reason}`, task.id);
    } else if (countedAttempts(task) >= task.maxAttempts) {
      transitionTask(task, 'failed');
      const n = countedAttempts(task);
      this.fail(
        'task_failed',
        `task ${task.name} failed ${n} ${n === 1 ? 'time' : 'times'}: ${event.reason}`,
        task.id,
      );
    } else if (this.withinTaskBudget([task])) {
      this.startAttempt(task, null);
    }
    return this.result();
  }

  evaluated(event: TaskEvaluated): EngineResult {
    const task = this.currentTask(event.taskId, event.attempt);
    if (typeof task === 'string') return this.ignore(task);
    if (!isTaskActive(task.state)) return this.ignore(`task ${task.name} is already ${task.state}`);
    // The evaluator judges only the awarded agent's result; a verdict on anyone else's is not
    // about the work this attempt will be judged on.
    if (task.agentId !== null && event.agentId !== task.agentId) {
      return this.ignore(`verdict on a result of ${event.agentId}, not of ${task.agentId}`);
    }
    task.evalAttempt = event.attempt;
    task.verdict = event.verdict;
    task.evalScore = event.score;
    task.evalFeedback = event.feedback;
    this.touch(task);
    if (this.deadlinePassed()) return this.result();
    if (task.state === 'completed') this.applyVerdict(task);
    return this.result();
  }

  /** Notes that the current attempt waits for capacity, and why. */
  waiting(event: TaskWaiting): EngineResult {
    const task = this.currentTask(event.taskId, event.attempt);
    if (typeof task === 'string') return this.ignore(task);
    if (!awardableStates.includes(task.state)) {
      return this.ignore(`task ${task.name} is already ${task.state}`);
    }
    transitionTask(task, 'waiting');
    task.waitingReason = event.reason;
    this.touch(task);
    return this.result();
  }

  /** Fails the goal when its deadline has passed; the sweeper calls this. */
  checkDeadline(): EngineResult {
    if (isGoalTerminal(this.goal.state)) return this.ignore(`goal is already ${this.goal.state}`);
    this.deadlinePassed();
    return this.result();
  }

  /**
   * A person's decision on an approval step that waits for one. Approving accepts the step with
   * a review that approves (so the goal goes on, or completes with the reviewed work); rejecting
   * fails the goal as `not_approved`, naming who rejected and why. `by` is who decided, null when
   * nobody said.
   */
  decide(
    taskName: string,
    decision: ApprovalDecision,
    comment: string | null,
    by: string | null,
  ): EngineResult {
    const task = this.snapshot.tasks.find((t) => t.name === taskName);
    if (!task) {
      return {
        ...this.ignore(`goal ${this.goal.id} has no task named ${taskName}`),
        decisionRefused: 'unknown_task',
      };
    }
    const why = this.notAwaiting(task);
    if (why) return { ...this.ignore(why), decisionRefused: 'not_awaiting' };
    // The goal's deadline comes first: the goal fails as overdue, and the decision is too late.
    if (this.deadlinePassed()) return { ...this.result(), decisionRefused: 'not_awaiting' };
    const rejected = `task ${task.name} was rejected by ${by ?? 'an unnamed person'}`;
    // A review that does not approve says why (see the review kind), even when the person did not.
    const comments = comment !== null ? [comment] : decision === 'reject' ? [rejected] : [];
    this.settle(task, decision === 'approve', comments, by, {
      rejected: comment ? `${rejected}: ${comment}` : rejected,
      note: comment,
      timedOut: false,
    });
    return this.result();
  }

  /**
   * Cancels the goal for its submitter, an operator, or the end of the goal that asked for it:
   * it fails as `cancelled` with a reason naming who and why, its agents are told to stop, and
   * its pending tasks are dropped. Refused once the goal has ended.
   */
  cancel(by: string | null, reason: string | null): EngineResult {
    if (isGoalTerminal(this.goal.state)) {
      return {
        ...this.ignore(`goal ${this.goal.id} is already ${this.goal.state}`),
        cancelRefused: 'already_ended',
      };
    }
    this.fail('cancelled', cancellationReason(by, reason), null);
    return this.result();
  }

  /**
   * Decides, by each step's onTimeout, the approvals whose person did not decide in time; the
   * sweeper calls this.
   */
  checkDecisionTimeouts(): EngineResult {
    if (isGoalTerminal(this.goal.state)) return this.ignore(`goal is already ${this.goal.state}`);
    if (this.deadlinePassed()) return this.result();
    for (const task of this.snapshot.tasks) {
      if (isGoalTerminal(this.goal.state)) break;
      if (this.notAwaiting(task) || !task.decisionDueAt) continue;
      if (this.now.getTime() < task.decisionDueAt.getTime()) continue;
      const { onTimeout, timeoutMs } = approvalSettings(task.params);
      const note = `no decision within ${formatDuration(timeoutMs)}: ${onTimeout === 'approve' ? 'approved' : 'rejected'} as the step's onTimeout says`;
      this.settle(task, onTimeout === 'approve', [note], null, {
        rejected: `task ${task.name} timed out waiting for a person's decision: ${note}`,
        note,
        timedOut: true,
      });
    }
    return this.result();
  }

  /** Why a task cannot take a decision now; undefined when it waits for one. */
  private notAwaiting(task: TaskRecord): string | undefined {
    if (isGoalTerminal(this.goal.state))
      return `goal ${this.goal.id} is already ${this.goal.state}`;
    if (!isHumanStep(task)) {
      return `task ${task.name} is not an approval step (its capability is ${task.capability})`;
    }
    if (task.state !== 'waiting') {
      return task.state === 'pending'
        ? `task ${task.name} is not awaiting a decision yet: the steps before it have not finished`
        : `task ${task.name} is not awaiting a decision: it is already ${task.state}`;
    }
    return undefined;
  }

  /**
   * Ends an approval with its decision: recorded as the step's review output, then accepted (the
   * goal goes on) or failed (the goal fails as `not_approved`, with `rejected` as its reason).
   * TaskDecided says so before the goal's own events.
   */
  private settle(
    task: TaskRecord,
    approved: boolean,
    comments: string[],
    by: string | null,
    reason: { rejected: string; note: string | null; timedOut: boolean },
  ): void {
    this.emit({
      type: 'TaskDecided',
      body: {
        taskId: task.id,
        taskName: task.name,
        decision: approved ? 'approve' : 'reject',
        decidedBy: by,
        comment: reason.note,
        timedOut: reason.timedOut,
      },
    });
    const review: ReviewOutput = { kind: 'review', approved, comments };
    task.output = JSON.stringify(review);
    task.decidedBy = by;
    task.waitingReason = null;
    task.finishedAt = this.now;
    this.touch(task);
    if (approved) {
      transitionTask(task, 'completed');
      transitionTask(task, 'accepted');
      this.release();
      return;
    }
    transitionTask(task, 'failed');
    this.fail('not_approved', reason.rejected, task.id);
  }

  private applyVerdict(task: TaskRecord): void {
    if (task.verdict === 'ACCEPTED') {
      transitionTask(task, 'accepted');
      task.finishedAt = this.now;
      this.release();
      return;
    }
    transitionTask(task, 'rejected');
    if (task.agentId && !task.excludedAgents.includes(task.agentId)) {
      task.excludedAgents.push(task.agentId);
    }
    const feedback = task.evalFeedback ?? '';
    if (countedAttempts(task) >= task.maxAttempts) {
      transitionTask(task, 'failed');
      task.finishedAt = this.now;
      this.fail(
        'task_failed',
        `task ${task.name} was rejected ${task.attempt} ${task.attempt === 1 ? 'time' : 'times'}: ${feedback}`,
        task.id,
      );
    } else if (this.withinTaskBudget([task])) {
      this.startAttempt(task, feedback);
    }
  }

  /** Starts every pending task whose dependencies are done; completes the goal when all are. */
  private release(): void {
    const toStart: TaskRecord[] = [];
    for (let progressed = true; progressed;) {
      progressed = false;
      for (const task of this.snapshot.tasks) {
        if (task.state !== 'pending' || toStart.includes(task)) continue;
        const deps = task.dependsOn.map((name) => this.byName(name));
        if (!deps.every((d) => isTaskDone(d.state))) continue;
        if (task.condition && !this.conditionHolds(task)) {
          transitionTask(task, 'skipped');
          task.finishedAt = this.now;
          this.touch(task);
          // A skipped task counts as done, so its own dependants may now be released.
          progressed = true;
          continue;
        }
        toStart.push(task);
      }
    }
    if (toStart.length > 0) {
      if (!this.withinTaskBudget(toStart)) return;
      for (const task of toStart) this.startAttempt(task, null);
    }
    if (this.snapshot.tasks.every((t) => isTaskDone(t.state))) this.complete();
  }

  private conditionHolds(task: TaskRecord): boolean {
    const condition = task.condition;
    if (!condition) return true;
    return conditionHolds(condition, (name) => {
      const upstream = this.byName(name);
      return upstream.state === 'skipped' ? 'skipped' : parseOutput(upstream.output);
    });
  }

  private startAttempt(task: TaskRecord, feedback: string | null): void {
    transitionTask(task, 'ready');
    task.attempt += 1;
    task.waitingReason = null;
    task.lastFeedback = feedback;
    task.agentId = null;
    task.awardScore = null;
    task.bidders = [];
    task.output = null;
    task.doneBy = null;
    this.goal.attempts += 1;
    this.touch(task);
    if (this.goal.state === 'planned') transitionGoal(this.goal, 'running');
    if (isHumanStep(task)) {
      this.awaitDecision(task);
      return;
    }
    const input: TaskInput = {
      goal: this.goal.text,
      inputs: this.goal.inputs,
      params: task.params,
      upstream: task.dependsOn
        .map((name) => this.byName(name))
        .filter((d) => d.state === 'accepted')
        .sort((a, b) => a.seq - b.seq)
        .map((d) => ({
          taskId: d.id,
          name: d.name,
          capability: d.capability,
          output: parseOutput(d.output),
        })),
      ...(feedback !== null ? { feedback } : {}),
      ...(task.outputKind ? { outputKind: task.outputKind } : {}),
    };
    this.emit({
      type: 'TaskReady',
      body: {
        taskId: task.id,
        name: task.name,
        capability: task.capability,
        input: JSON.stringify(input),
        attempt: task.attempt,
        excludedAgents: [...task.excludedAgents],
        feedback,
        priority: this.goal.priority,
        deadlineAt: this.goal.deadlineAt?.getTime() ?? null,
        maxWaitMs: this.goal.maxWaitMs,
      },
    });
  }

  /**
   * An approval step is the planner's own: it is never auctioned (no TaskReady), and waits for a
   * person until its deadline. DecisionRequested tells the consoles; GET /goals/:id and
   * GET /decisions show it waiting too.
   */
  private awaitDecision(task: TaskRecord): void {
    const { timeoutMs, onTimeout, prompt } = approvalSettings(task.params);
    transitionTask(task, 'waiting');
    task.waitingReason = `awaiting a person's decision: agora approve|reject ${this.goal.id} ${task.name}`;
    task.decisionDueAt = new Date(this.now.getTime() + timeoutMs);
    task.decidedBy = null;
    this.emit({
      type: 'DecisionRequested',
      body: {
        taskId: task.id,
        taskName: task.name,
        prompt: prompt ?? null,
        dueAt: task.decisionDueAt.getTime(),
        onTimeout,
      },
    });
  }

  /** True when `tasks` may each start one more attempt within maxTasks; fails the goal otherwise. */
  private withinTaskBudget(tasks: readonly TaskRecord[]): boolean {
    const max = this.goal.maxTasks;
    if (max === null || this.goal.attempts + tasks.length <= max) return true;
    const names = tasks.map((t) => t.name).join(', ');
    this.limit = 'maxTasks';
    this.fail(
      'budget_exceeded',
      `task budget exceeded: the goal may start at most ${max} task attempts and ${this.goal.attempts} ` +
        `were started; ${names} would need ${tasks.length} more`,
      null,
    );
    return false;
  }

  private overCost(): boolean {
    const max = this.goal.maxCostUsd;
    if (max === null || this.goal.costUsd <= max) return false;
    this.limit = 'maxCostUsd';
    this.fail(
      'budget_exceeded',
      `cost budget exceeded: the goal has cost $${this.goal.costUsd.toFixed(4)}, more than its limit of $${max}`,
      null,
    );
    return true;
  }

  private deadlinePassed(): boolean {
    const deadline = this.goal.deadlineAt;
    if (isGoalTerminal(this.goal.state)) return true;
    if (!deadline || this.now.getTime() < deadline.getTime()) return false;
    this.limit = 'deadline';
    const waiting = this.snapshot.tasks.filter((t) => t.state === 'waiting');
    const why = waiting
      .map((t) =>
        isHumanStep(t)
          ? `; task ${t.name} was awaiting a person's decision`
          : `; task ${t.name} was waiting for capacity: ${t.waitingReason ?? 'no free agent'}`,
      )
      .join('');
    this.fail(
      'deadline_exceeded',
      `deadline exceeded: the goal was due by ${deadline.toISOString()} and had not finished${why}`,
      waiting[0]?.id ?? null,
    );
    return true;
  }

  private complete(): void {
    const accepted = this.snapshot.tasks.filter((t) => t.state === 'accepted');
    const final = accepted.at(-1);
    const verdict = final ? parseOutput(final.output) : undefined;
    if (final && verdict?.kind === 'review' && !verdict.approved) {
      // A final review that says no is the goal's answer: it did not produce what was asked.
      const comments = verdict.comments.length > 0 ? `: ${verdict.comments.join('; ')}` : '';
      this.fail(
        'not_approved',
        `the ${final.name} step did not approve the result${comments}`,
        final.id,
      );
      return;
    }
    this.goal.output = final ? goalResult(final, accepted) : '';
    transitionGoal(this.goal, 'completed');
    this.goal.finishedAt = this.now;
    this.touchGoal();
    this.emit({ type: 'GoalCompleted', body: { output: this.goal.output, usage: this.usage() } });
  }

  /** Fails the goal: live attempts are cancelled (so agents stop) and pending tasks dropped. */
  private fail(code: string, reason: string, taskId: string | null): void {
    if (isGoalTerminal(this.goal.state)) return;
    for (const task of this.snapshot.tasks) {
      if (task === this.finishedByAgent && isTaskActive(task.state)) {
        transitionTask(task, 'failed');
        task.finishedAt = this.now;
        this.touch(task);
      } else if (task.state === 'pending') {
        transitionTask(task, 'cancelled');
        this.touch(task);
      } else if (isTaskActive(task.state)) {
        // No agent holds an approval, and no auction called for it: nothing to tell to stop.
        if (task.state !== 'completed' && !isHumanStep(task)) {
          this.emit({
            type: 'TaskFailed',
            body: {
              taskId: task.id,
              attempt: task.attempt,
              agentId: task.agentId,
              capability: task.capability,
              code: 'cancelled',
              reason: `goal ${this.goal.id} failed: ${reason}`,
              retriable: false,
              usage: null,
            },
          });
        }
        transitionTask(task, 'cancelled');
        task.finishedAt = this.now;
        this.touch(task);
      }
    }
    this.goal.failureCode = code;
    this.goal.reason = reason;
    this.goal.failedTaskId = taskId;
    transitionGoal(this.goal, 'failed');
    this.goal.finishedAt = this.now;
    this.touchGoal();
    this.emit({ type: 'GoalFailed', body: { code, reason, taskId, usage: this.usage() } });
  }

  private charge(task: TaskRecord, usage: Usage): void {
    task.durationMs += usage.durationMs;
    task.inputTokens += usage.inputTokens;
    task.outputTokens += usage.outputTokens;
    task.costUsd += usage.costUsd;
    this.goal.inputTokens += usage.inputTokens;
    this.goal.outputTokens += usage.outputTokens;
    this.goal.costUsd += usage.costUsd;
    this.touchGoal();
  }

  private usage(): GoalUsage {
    return goalUsage(this.snapshot, this.now);
  }

  /**
   * The task of a result or failure when it may be applied: it is about the task's current
   * attempt and comes from the agent the planner recorded as awarded it (from TaskAwarded, which
   * only the auction writes). Anything else is refused, and changes nothing.
   *
   * - A failure naming no agent is the auction's word on an attempt it could not award
   *   (`unallocatable`, `wait_exceeded`); agents always name themselves. It is accepted only while
   *   no award is recorded for the attempt. The auction's failures of an awarded attempt
   *   (`lease_expired`, `released`) name the winner, so they pass the same check as the agent's.
   * - A result read before its award waits for it (`awaitingAward`), neither applied nor refused.
   *   The award was written first (the agent acts on it), but the two travel on different topics
   *   and partitions are read concurrently. Waiting by throwing a retriable error would hold the
   *   consumer's fetch loop, and with it the very award it waits for, until retries ran out.
   */
  private resultTask(event: TaskCompleted | TaskFailed): TaskRecord | EngineResult {
    if (isGoalTerminal(this.goal.state)) return this.ignore(`goal is already ${this.goal.state}`);
    const task = this.snapshot.tasks.find((t) => t.id === event.taskId);
    if (!task) return this.ignore(`task ${event.taskId} is not part of the plan`);
    if (event.attempt !== task.attempt) {
      return this.refuse(
        'stale_attempt',
        `stale attempt ${event.attempt} of task ${task.name} (current ${task.attempt})`,
      );
    }
    if (event.agentId === null) {
      if (task.agentId === null && event.envelope.producer.service === AUCTION) return task;
      return this.refuse(
        'not_awarded',
        `a failure of attempt ${task.attempt} of task ${task.name} that names no agent, from ` +
          `${event.envelope.producer.service}${task.agentId ? `, after the award to ${task.agentId}` : ''}`,
      );
    }
    if (task.agentId === null) {
      return {
        ...this.ignore(`attempt ${task.attempt} of task ${task.name} has no award recorded yet`),
        awaitingAward: true,
      };
    }
    if (event.agentId !== task.agentId) {
      return this.refuse(
        'not_awarded',
        `attempt ${task.attempt} of task ${task.name} was awarded to ${task.agentId}, not ${event.agentId}`,
      );
    }
    return task;
  }

  /** The task of the event when the event is about its current attempt, else why it is ignored. */
  private currentTask(taskId: string, attempt: number): TaskRecord | string {
    if (isGoalTerminal(this.goal.state)) return `goal is already ${this.goal.state}`;
    const task = this.snapshot.tasks.find((t) => t.id === taskId);
    if (!task) return `task ${taskId} is not part of the plan`;
    if (attempt !== task.attempt) {
      return `stale attempt ${attempt} of task ${task.name} (current ${task.attempt})`;
    }
    return task;
  }

  private byName(name: string): TaskRecord {
    const task = this.snapshot.tasks.find((t) => t.name === name);
    if (!task) throw new Error(`goal ${this.goal.id}: no task named ${name}`);
    return task;
  }

  /** A task changed; the goal row is written with it (its counters and times move together). */
  private touch(task: TaskRecord): void {
    task.updatedAt = this.now;
    this.changedTasks.add(task);
    this.touchGoal();
  }

  private touchGoal(): void {
    this.goal.updatedAt = this.now;
    this.goalChanged = true;
  }

  private emit(event: PlannerEvent): void {
    this.events.push(event);
  }

  private ignore(reason: string): EngineResult {
    return { events: [], changed: false, goalChanged: false, changedTasks: [], ignored: reason };
  }

  private refuse(refused: ResultRefusal, reason: string): EngineResult {
    return { ...this.ignore(reason), refused };
  }

  private result(): EngineResult {
    return {
      events: [...this.events],
      changed: this.goalChanged || this.changedTasks.size > 0,
      goalChanged: this.goalChanged,
      changedTasks: [...this.changedTasks],
      ...(this.limit ? { limit: this.limit } : {}),
    };
  }
}

/** Task ids are unique across goals because task topics are keyed by them. */
export function taskIdOf(goalId: string, stepName: string): string {
  return `${goalId}/${stepName}`;
}

/** What a goal consumed, for GoalCompleted, GoalFailed and the API. */
export function goalUsage({ goal, tasks }: GoalSnapshot, now: Date): GoalUsage {
  const end = goal.finishedAt ?? now;
  return {
    tasks: tasks.filter((t) => t.attempt > 0).length,
    attempts: goal.attempts,
    durationMs: Math.max(0, end.getTime() - goal.createdAt.getTime()),
    inputTokens: goal.inputTokens,
    outputTokens: goal.outputTokens,
    costUsd: goal.costUsd,
  };
}

/** An upstream output as the TaskOutput it should be; text that is not JSON is passed as text. */
export function parseOutput(output: string | null): TaskOutput {
  if (output === null) return { kind: 'text', text: '' };
  try {
    const value: unknown = JSON.parse(output);
    if (typeof value === 'object' && value !== null && 'kind' in value) return value as TaskOutput;
  } catch {
    // Not JSON: an agent answered with plain text.
  }
  return { kind: 'text', text: output };
}

/**
 * The goal's result for the submitter: a report's Markdown, a text's text, otherwise the final
 * output as is.
 */
export function finalOutput(output: string | null): string {
  const parsed = parseOutput(output);
  if (parsed.kind === 'report') return parsed.markdown;
  if (parsed.kind === 'text') return parsed.text;
  return output ?? '';
}

/**
 * What a goal answers with: the last accepted step's output; when that step is an approving
 * review, the work it reviewed (the last accepted step before it that is not a review) with the
 * review attached, since `{"approved": true}` is a verdict, not the post that was asked for.
 */
function goalResult(final: TaskRecord, accepted: readonly TaskRecord[]): string {
  const review = parseOutput(final.output);
  if (review.kind !== 'review') return finalOutput(final.output);
  const reviewed = accepted
    .slice(0, -1)
    .reverse()
    .find((t) => parseOutput(t.output).kind !== 'review');
  if (!reviewed) return finalOutput(final.output);
  const comments = review.comments.map((c) => `- ${c}`).join('\n');
  return `${finalOutput(reviewed.output)}\n\n---\n\n**Review (${final.name}): approved**${comments ? `\n\n${comments}` : ''}\n`;
}

function isTask(value: TaskRecord | EngineResult): value is TaskRecord {
  return 'id' in value;
}

/** States in which the current attempt is with the auction or an agent, without a result yet. */
function isAttemptOut(state: TaskState): boolean {
  return state === 'ready' || state === 'waiting' || state === 'awarded' || state === 'running';
}

/** A duration as a person writes it: 90 s, 15 min, 24 h, 2 d. */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/** Attempts that count against maxAttempts: those not released by a stopping agent process. */
function countedAttempts(task: TaskRecord): number {
  return task.attempt - task.releasedAttempts;
}
