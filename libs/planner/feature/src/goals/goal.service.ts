import { randomUUID } from 'node:crypto';
import {
  newEnvelope,
  type Envelope,
  type GoalCancelRequested,
  type GoalSubmitted,
  type TaskAwarded,
  type TaskCompleted,
  type TaskEvaluated,
  type TaskFailed,
  type TaskProgress,
  type TaskWaiting,
} from '@agora/contracts';
import {
  activeTraceId,
  FatalError,
  MessagingClient,
  RetriableError,
  type OutgoingEvent,
} from '@agora/messaging';
import { inSpan, type Logger } from '@agora/observability';
import { Outbox } from '@agora/outbox';
import {
  GoalRepository,
  type AttemptKey,
  type GoalTransaction,
  type HeldResult,
} from '@agora/planner/data-access';
import {
  awardableStates,
  choosePlan,
  GoalEngine,
  goalIdForKey,
  startableStates,
  UnplannableError,
  WorkflowCatalog,
  type ApprovalDecision,
  type EngineResult,
  type GoalDecomposer,
  type GoalRecord,
  type GoalSnapshot,
  type PlannerEvent,
  type TaskRecord,
} from '@agora/planner/domain';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { AgentRosterService } from '../agents/agent-roster.service';
import { GOAL_DECOMPOSER, type PlannerSettings } from '../planner-settings';
import {
  recordAccepted,
  recordHeld,
  recordRefused,
  recordTaskStates,
  recordTransitions,
  sample,
  type StateSample,
} from './planner-metrics';

const tracer = trace.getTracer('@agora/planner');

/** What the API accepts to start a goal. */
export interface SubmitGoalCommand {
  goal: string;
  workflow?: string;
  /** The goal's own task graph, instead of a workflow; validated by the caller (see validateInlinePlan). */
  plan?: { steps: unknown[]; description?: string | undefined };
  inputs?: Record<string, string>;
  /** Higher goes first while agents are busy. @default 0 */
  priority?: number;
  budget?: {
    deadlineSeconds?: number;
    maxTasks?: number;
    maxCostUsd?: number;
    maxWaitSeconds?: number;
  };
  /**
   * The submitter's Idempotency-Key: the goal's id derives from it, so the same key submitted
   * again answers with the goal already submitted instead of starting another.
   */
  idempotencyKey?: string;
}

/** What a submission did: the goal's id, and whether an earlier one with its key had made it. */
export interface Submitted {
  goalId: string;
  replayed: boolean;
}

/** An Idempotency-Key sent again with a different goal. */
export class IdempotencyKeyReusedError extends Error {
  constructor(
    readonly key: string,
    readonly goalId: string,
  ) {
    super(
      `Idempotency-Key '${key}' was already used for a different goal (${goalId}); use a new key for a new goal`,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The backlog is full and the planner is set to refuse rather than queue. */
export class BacklogFullError extends Error {
  constructor(
    readonly backlog: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `the swarm is saturated: ${backlog} goals are queued or running; try again in ${retryAfterSeconds} s`,
    );
    this.name = 'BacklogFullError';
  }
}

/** A person's decision on an approval step, from the API. */
export interface DecisionCommand {
  goalId: string;
  taskName: string;
  decision: ApprovalDecision;
  comment: string | null;
  /** Who decided (x-agora-user); null when the caller did not say. */
  by: string | null;
}

/** What a decision did: applied (with the goal's state after it), or why it was refused. */
export type DecisionOutcome =
  | { outcome: 'decided'; goalState: string; taskState: string }
  | { outcome: 'unknown_goal' | 'unknown_task' | 'not_awaiting'; message: string };

/** A request to cancel a goal: who asks (x-agora-user; null when unsaid) and why. */
export interface CancelCommand {
  goalId: string;
  by: string | null;
  reason: string | null;
}

/** What a cancellation did: the goal failed as cancelled, or why nothing changed. */
export type CancelOutcome =
  | { outcome: 'cancelled'; reason: string }
  | { outcome: 'unknown_goal' | 'already_ended'; message: string; goalState?: string };

/** Who cancels a sub-goal whose parent goal ended (GoalFailed says it). */
export const SUB_GOAL_CANCELLER = 'the planner';

/** An event applied to one goal by the engine, with the event that caused it. */
interface GoalInput {
  goalId: string;
  causation: Envelope | undefined;
  apply: (engine: GoalEngine) => EngineResult;
  log: Record<string, unknown>;
  /** The attempt the event is about, locked while it applies (see GoalRepository.markAwarded). */
  attempt?: AttemptKey;
  /** A result or failure: held while its award is unread, counted when refused. */
  result?: HeldResult;
}

/** How a batch of task events is applied. */
interface ApplyOptions {
  /**
   * The results come from the held ones: each is taken out of the table as it applies, once,
   * whichever path (the award's handler or the sweeper) gets to it first.
   */
  fromHold?: boolean;
  /**
   * What a failed publish after commit does: `throw` a retriable error (a consumer retries the
   * batch, which then changes nothing), or `log` it (a REST call or the sweeper, whose change is
   * committed: the outbox relay sends the events). @default 'throw'
   */
  onPublishError?: 'throw' | 'log';
}

/** How long a count of live goals is reused by the admission check. */
const BACKLOG_COUNT_TTL_MS = 500;

/**
 * Orchestrates goals. Events are applied in batches: the goals a batch touches are locked once
 * (in id order), their tasks loaded in one query, the engine applied per event in partition
 * order, and only the rows that changed written back, with the events the engine decided staged
 * in the outbox of the same transaction. They are published after commit.
 *
 * An award, a wait or a first progress report changes only its own task, so those are written
 * without locking the goal, set-based.
 */
@Injectable()
export class GoalService {
  private backlog: { count: number; at: number } | undefined;

  constructor(
    private readonly goals: GoalRepository,
    private readonly outbox: Outbox,
    private readonly messaging: MessagingClient,
    private readonly catalog: WorkflowCatalog,
    @Inject(SERVICE_CONFIG) private readonly settings: PlannerSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GOAL_DECOMPOSER) private readonly model: GoalDecomposer | null,
    private readonly roster: AgentRosterService,
  ) {}

  /**
   * Accepts a goal from the API: records it (so GET works at once) and publishes GoalSubmitted,
   * which any replica then plans. With PLANNER_ADMISSION=reject, a full backlog refuses it.
   * The submission opens the goal's trace: every event of the goal joins it.
   */
  submit(command: SubmitGoalCommand): Promise<Submitted> {
    return inSpan(tracer, 'planner submit goal', async (span) => {
      const submitted = await this.submitInSpan(command);
      span.setAttribute('agora.goal.id', submitted.goalId);
      return submitted;
    });
  }

  private async submitInSpan(command: SubmitGoalCommand): Promise<Submitted> {
    const key = command.idempotencyKey;
    const goalId = key !== undefined ? goalIdForKey(key) : randomUUID();
    if (key !== undefined && (await this.submittedBefore(goalId, key, command))) {
      return { goalId, replayed: true };
    }
    await this.admit();
    const now = new Date();
    const deadlineAt =
      command.budget?.deadlineSeconds !== undefined
        ? new Date(now.getTime() + command.budget.deadlineSeconds * 1000)
        : null;
    const event: GoalSubmitted = {
      envelope: newEnvelope({ producer: this.producer, goalId }),
      goal: command.goal,
      workflow: command.workflow ?? null,
      inputs: command.inputs ?? {},
      budget: {
        deadlineAt: deadlineAt?.getTime() ?? null,
        maxTasks: command.budget?.maxTasks ?? null,
        maxCostUsd: command.budget?.maxCostUsd ?? null,
        maxWaitMs:
          command.budget?.maxWaitSeconds !== undefined
            ? command.budget.maxWaitSeconds * 1000
            : null,
      },
      submittedBy: null,
      priority: command.priority ?? 0,
      plan: command.plan !== undefined ? JSON.stringify(command.plan) : null,
    };
    // The goal and its GoalSubmitted commit together (the outbox); if the publish after commit
    // fails, the relay sends it, so an accepted goal is always announced.
    const outgoing: OutgoingEvent[] = [{ type: 'GoalSubmitted', event }];
    try {
      await this.goals.insertGoalWith(
        goalFromSubmitted(goalId, event, now, activeTraceId()),
        (tx) => this.outbox.stage(tx.manager, outgoing),
      );
    } catch (error) {
      // The same key submitted twice at once: the other submission won.
      if (
        key !== undefined &&
        isUniqueViolation(error) &&
        (await this.submittedBefore(goalId, key, command))
      ) {
        return { goalId, replayed: true };
      }
      throw error;
    }
    recordAccepted();
    await this.publish(outgoing, 'log');
    this.logger.info(
      { goalId, workflow: event.workflow, plan: event.plan !== null },
      'goal submitted',
    );
    return { goalId, replayed: false };
  }

  /**
   * Whether the goal of this key exists already; throws when it was submitted with other text,
   * since then the key was reused for a different goal.
   */
  private async submittedBefore(
    goalId: string,
    key: string,
    command: SubmitGoalCommand,
  ): Promise<boolean> {
    const existing = await this.goals.find(goalId);
    if (!existing) return false;
    if (existing.goal.text !== command.goal) throw new IdempotencyKeyReusedError(key, goalId);
    this.logger.info({ goalId, key }, 'goal submitted again with its Idempotency-Key');
    return true;
  }

  /** Throws {@link BacklogFullError} when admission is set to reject and the backlog is full. */
  private async admit(): Promise<void> {
    const { PLANNER_ADMISSION: mode, PLANNER_MAX_BACKLOG: max } = this.settings;
    if (mode !== 'reject') return;
    const now = Date.now();
    if (!this.backlog || now - this.backlog.at > BACKLOG_COUNT_TTL_MS) {
      this.backlog = { count: await this.goals.countLive(), at: now };
    }
    if (this.backlog.count < max) return;
    // The backlog drains at roughly the rate goals finish; ask for a retry when a tenth of it
    // should be gone, within reason.
    const retryAfter = Math.min(60, Math.max(1, Math.ceil(this.backlog.count / max)));
    throw new BacklogFullError(this.backlog.count, retryAfter);
  }

  /** Records submitted goals (one statement) and plans them; redeliveries are planned once. */
  async onGoalsSubmitted(
    events: readonly GoalSubmitted[],
    traceIds: readonly (string | null)[] = [],
  ): Promise<void> {
    const records = events.map((event, i) => {
      const goalId = event.envelope.goalId;
      if (!goalId) throw new FatalError("GoalSubmitted: field 'envelope.goalId' is required");
      if (event.goal.trim().length === 0) {
        throw new FatalError(`GoalSubmitted ${goalId}: field 'goal' must not be empty`);
      }
      return goalFromSubmitted(
        goalId,
        event,
        new Date(event.envelope.occurredAt),
        traceIds[i] ?? null,
      );
    });
    const inserted = await this.goals.insertGoals(records);
    for (let i = 0; i < inserted.length; i++) recordAccepted();
    const causes = new Map(events.map((e) => [e.envelope.goalId ?? '', e.envelope]));
    if (this.model) {
      // A model can take many seconds: plan outside the consumer callback so the group keeps
      // its heartbeats. If this replica dies first, the sweeper plans the goal again.
      for (const [goalId, causation] of causes) {
        void this.plan([goalId], causes).catch((error: unknown) =>
          this.logger.error(
            { err: error, goalId, causation: causation.eventId },
            'planning failed; the sweeper will retry',
          ),
        );
      }
      return;
    }
    await this.plan([...causes.keys()], causes);
  }

  /** Plans accepted goals; goals planned already are left alone. */
  async plan(goalIds: readonly string[], causes = new Map<string, Envelope>()): Promise<void> {
    const choices = new Map<string, Awaited<ReturnType<typeof choosePlan>> | string>();
    const pending = await this.goals.findAccepted(goalIds);
    for (const goal of pending) {
      try {
        choices.set(
          goal.id,
          await choosePlan(
            {
              goalId: goal.id,
              goal: goal.text,
              inputs: goal.inputs,
              workflow: goal.requestedWorkflow,
              plan: goal.requestedPlan,
            },
            {
              catalog: this.catalog,
              defaultWorkflow: this.settings.PLANNER_DEFAULT_WORKFLOW,
              ...(this.model ? { model: this.model } : {}),
              onFallback: (reason, error) =>
                this.logger.warn({ goalId: goal.id, err: error }, reason),
              agents: await this.roster.live(),
            },
          ),
        );
      } catch (error) {
        if (!(error instanceof UnplannableError)) throw error;
        choices.set(goal.id, error.message);
      }
    }
    await this.applyAll(
      [...choices].map(([goalId, choice]) => ({
        goalId,
        causation: causes.get(goalId),
        apply: (engine) =>
          typeof choice === 'string'
            ? engine.unplannable(choice)
            : engine.plan(choice.workflow, choice.source, choice.usage),
        log:
          typeof choice === 'string'
            ? { unplannable: choice }
            : {
                workflow: choice.workflow.name,
                source: choice.source,
                planningUsage: choice.usage,
              },
      })),
    );
  }

  /**
   * Awards change only their task: recorded set-based, without locking goals. Results that were
   * read before their award was are applied now (or refused, if another agent sent them).
   */
  async onTasksAwarded(events: readonly TaskAwarded[]): Promise<void> {
    const { moved, held } = await this.goals.markAwarded(
      events.map((e) => ({
        taskId: e.taskId,
        attempt: e.attempt,
        agentId: e.agentId,
        score: e.score,
        bidders: [...e.bidders],
      })),
      awardableStates,
    );
    recordTaskStates('awarded', moved);
    await this.applyHeld(held);
  }

  /** A wait changes only its task: recorded set-based, without locking goals. */
  async onTasksWaiting(events: readonly TaskWaiting[]): Promise<void> {
    const moved = await this.goals.markWaiting(
      events.map((e) => ({ taskId: e.taskId, attempt: e.attempt, reason: e.reason })),
      [...awardableStates],
    );
    recordTaskStates('waiting', moved);
  }

  /**
   * The first progress report marks the attempt running; lease renewals after it change
   * nothing here, and cost no write at all.
   */
  async onTasksProgressed(events: readonly TaskProgress[]): Promise<void> {
    const moved = await this.goals.markRunning(
      events.map((e) => ({ taskId: e.taskId, attempt: e.attempt, agentId: e.agentId })),
      startableStates,
    );
    recordTaskStates('running', moved);
  }

  /**
   * Results count only from the agent awarded the task's current attempt (see
   * GoalEngine.completed): others are refused, counted and logged, but not dead-lettered, since
   * they are well-formed events that arrived where they do not belong, like the auction's stale
   * results. One read before its award is held until the award is read.
   */
  onTasksCompleted(events: readonly TaskCompleted[], options: ApplyOptions = {}): Promise<void> {
    return this.applyTaskEvents(
      'TaskCompleted',
      events,
      (engine, e) => engine.completed(e),
      (event) => ({ type: 'TaskCompleted', event }),
      options,
    );
  }

  /** Failures are fenced like results (see {@link onTasksCompleted}). */
  onTasksFailed(events: readonly TaskFailed[], options: ApplyOptions = {}): Promise<void> {
    // The planner's own cancellations come back on the same topic; they change nothing.
    const others = events.filter((e) => e.envelope.producer.service !== this.producer.service);
    return this.applyTaskEvents(
      'TaskFailed',
      others,
      (engine, e) => engine.failed(e),
      (event) => ({ type: 'TaskFailed', event }),
      options,
    );
  }

  /**
   * Applies again held results that can no longer wait for an award to their sender (their
   * attempt ended or went to another agent, or the goal finished): they are refused or ignored,
   * and released. The award's own handler applies those it finds; this catches the rest.
   */
  async settleHeldResults(): Promise<number> {
    const held = await this.goals.heldResultsToSettle(this.settings.PLANNER_SWEEP_BATCH);
    await this.applyHeld(held);
    return held.length;
  }

  private async applyHeld(held: readonly HeldResult[]): Promise<void> {
    const completed = held.flatMap((h) => (h.type === 'TaskCompleted' ? [h.event] : []));
    const failed = held.flatMap((h) => (h.type === 'TaskFailed' ? [h.event] : []));
    await this.onTasksCompleted(completed, { fromHold: true });
    await this.onTasksFailed(failed, { fromHold: true });
  }

  onTasksEvaluated(events: readonly TaskEvaluated[]): Promise<void> {
    return this.applyTaskEvents('TaskEvaluated', events, (engine, e) => engine.evaluated(e));
  }

  /** Fails goals whose deadline has passed; safe to run on every replica at once. */
  async sweepDeadlines(now = new Date()): Promise<number> {
    const applied: { before: StateSample; snapshot: GoalSnapshot; result: EngineResult }[] = [];
    const outgoing: OutgoingEvent[] = [];
    const count = await this.goals.withOverdueGoalsLocked(
      now,
      this.settings.PLANNER_SWEEP_BATCH,
      async (snapshot, tx) => {
        const before = sample(snapshot);
        const result = new GoalEngine(snapshot, now).checkDeadline();
        await tx.saveChanges(result.goalChanged ? [snapshot.goal] : [], result.changedTasks);
        const events = this.outgoing(result.events, snapshot.goal.id, undefined);
        await this.outbox.stage(tx.manager, events);
        outgoing.push(...events);
        applied.push({ before, snapshot, result });
      },
    );
    await this.publish(outgoing, 'log');
    for (const { before, snapshot, result } of applied) {
      recordTransitions(before, snapshot, result.limit);
      this.logger.warn(
        { goalId: snapshot.goal.id, reason: snapshot.goal.reason },
        'goal deadline passed',
      );
    }
    return count;
  }

  /**
   * Applies a person's decision on an approval step, under the goal's lock and in the
   * transaction that stages the goal's events (GoalCompleted, GoalFailed, the next TaskReady),
   * as events are: of two replicas or two retries, the second finds the step decided, and is
   * refused.
   */
  async decide(command: DecisionCommand): Promise<DecisionOutcome> {
    const { goalId, taskName, decision, comment, by } = command;
    const [applied] = await this.applyAll(
      [
        {
          goalId,
          causation: undefined,
          apply: (engine) => engine.decide(taskName, decision, comment, by),
          log: { decision, taskName, by },
        },
      ],
      { onPublishError: 'log' },
    );
    if (!applied) return { outcome: 'unknown_goal', message: `goal ${goalId} not found` };
    const { result, snapshot } = applied;
    if (result.decisionRefused) {
      const message =
        result.ignored ??
        `goal ${goalId} is already ${snapshot.goal.state}: ${snapshot.goal.reason ?? ''}`;
      return { outcome: result.decisionRefused, message };
    }
    const task = snapshot.tasks.find((t) => t.name === taskName);
    this.logger.info({ goalId, taskName, decision, by }, 'approval decided');
    return { outcome: 'decided', goalState: snapshot.goal.state, taskState: task?.state ?? '' };
  }

  /**
   * Cancels a goal that has not ended: it fails as `cancelled`, naming who asked and why, and the
   * agents of its running tasks are told to stop. Its sub-goals (goals its agents asked for) are
   * cancelled by the sweeper once it sees their parent ended.
   */
  async cancel(command: CancelCommand): Promise<CancelOutcome> {
    const { goalId, by, reason } = command;
    const [applied] = await this.applyAll(
      [
        {
          goalId,
          causation: undefined,
          apply: (engine) => engine.cancel(by, reason),
          log: { cancelledBy: by, reason },
        },
      ],
      { onPublishError: 'log' },
    );
    if (!applied) return { outcome: 'unknown_goal', message: `goal ${goalId} not found` };
    const { result, snapshot } = applied;
    if (result.cancelRefused) {
      return {
        outcome: result.cancelRefused,
        message: `goal ${goalId} has already ended: it is ${snapshot.goal.state}`,
        goalState: snapshot.goal.state,
      };
    }
    this.logger.info({ goalId, by, reason }, 'goal cancelled');
    return { outcome: 'cancelled', reason: snapshot.goal.reason ?? '' };
  }

  /**
   * Cancellations requested on Kafka (GoalCancelRequested), as {@link cancel} does them; one for
   * a goal that has ended or that the planner does not know changes nothing.
   */
  async onGoalCancelsRequested(events: readonly GoalCancelRequested[]): Promise<void> {
    const applied = await this.applyAll(
      events.map((event) => ({
        goalId: event.envelope.goalId ?? '',
        causation: event.envelope,
        apply: (engine: GoalEngine) =>
          engine.cancel(event.requestedBy?.trim() || null, event.reason?.trim() || null),
        log: { cancelledBy: event.requestedBy, reason: event.reason },
      })),
    );
    for (const { input, result } of applied) {
      if (result.cancelRefused) {
        this.logger.info({ goalId: input.goalId, why: result.ignored }, 'cancellation ignored');
      } else {
        this.logger.info({ goalId: input.goalId, ...input.log }, 'goal cancelled');
      }
    }
  }

  /**
   * Cancels sub-goals whose parent goal has ended (completed, failed or cancelled): nobody waits
   * for their answer any more. Safe on every replica at once (the engine refuses a goal that has
   * ended meanwhile).
   */
  async sweepOrphanedSubGoals(): Promise<number> {
    const orphans = await this.goals.orphanedSubGoals(this.settings.PLANNER_SWEEP_BATCH);
    if (orphans.length === 0) return 0;
    await this.applyAll(
      orphans.map(({ goalId, parentGoalId, parentState }) => ({
        goalId,
        causation: undefined,
        apply: (engine) =>
          engine.cancel(
            SUB_GOAL_CANCELLER,
            `the goal that asked for it, ${parentGoalId}, has ${parentState}`,
          ),
        log: { sweep: 'orphaned sub-goals', parentGoalId },
      })),
      { onPublishError: 'log' },
    );
    this.logger.info({ goals: orphans.length }, 'sub-goals of ended goals cancelled');
    return orphans.length;
  }

  /**
   * Decides, by their steps' onTimeout, approvals nobody decided in time; safe to run on every
   * replica at once (the engine checks again under the goal's lock).
   */
  async sweepDecisionTimeouts(now = new Date()): Promise<number> {
    const ids = await this.goals.goalsWithDecisionsDue(now, this.settings.PLANNER_SWEEP_BATCH);
    if (ids.length === 0) return 0;
    await this.applyAll(
      ids.map((goalId) => ({
        goalId,
        causation: undefined,
        apply: (engine) => engine.checkDecisionTimeouts(),
        log: { sweep: 'decision timeouts' },
      })),
      { onPublishError: 'log' },
    );
    this.logger.warn({ goals: ids.length }, 'approvals timed out and were decided');
    return ids.length;
  }

  /**
   * Sends again the TaskReady of tasks that stayed `ready` for PLANNER_REDRIVE_AFTER_MS: no
   * auction acted on the call (it was dead-lettered after an outage outlasted the retries, say).
   * The same event goes out again, so an auction that did see it ignores the duplicate.
   */
  async redriveStalled(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.settings.PLANNER_REDRIVE_AFTER_MS);
    const events = await this.goals.stalledTaskReady(before, this.settings.PLANNER_SWEEP_BATCH);
    if (events.length === 0) return 0;
    await this.publish(
      events.map((event) => ({ type: 'TaskReady', event }) as OutgoingEvent),
      'log',
    );
    this.logger.warn({ tasks: events.length }, 'sent the calls of stalled tasks again');
    return events.length;
  }

  /** Plans goals left unplanned (their replica died while a model was planning them). */
  async replanStale(now = new Date()): Promise<void> {
    const before = new Date(now.getTime() - this.settings.PLANNER_REPLAN_AFTER_MS);
    const ids = await this.goals.unplannedGoalIds(before, this.settings.PLANNER_SWEEP_BATCH);
    if (ids.length > 0) await this.plan(ids);
  }

  private applyTaskEvents<E extends TaskCompleted | TaskFailed | TaskEvaluated>(
    type: string,
    events: readonly E[],
    apply: (engine: GoalEngine, event: E) => EngineResult,
    held?: (event: E) => HeldResult,
    options: ApplyOptions = {},
  ): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return inSpan(tracer, `planner ${type}`, async (span) => {
      span.setAttribute('agora.batch.events', events.length);
      await this.applyAll(
        events.map((event) => ({
          goalId: event.envelope.goalId ?? goalIdOfTask(event.taskId),
          causation: event.envelope,
          apply: (engine) => apply(engine, event),
          log: { type, taskId: event.taskId, attempt: event.attempt, agentId: event.agentId },
          attempt: { taskId: event.taskId, attempt: event.attempt },
          ...(held ? { result: held(event) } : {}),
        })),
        options,
      );
    });
  }

  /**
   * Applies inputs to their goals in one transaction: lock and load the goals, run the engine
   * per input in order, write the changed rows, hold the results whose award is unread and stage
   * the events; then publish, count, log. Returns what each input did to its goal (none for an
   * unknown goal).
   */
  private async applyAll(
    inputs: readonly GoalInput[],
    options: ApplyOptions = {},
  ): Promise<{ input: GoalInput; result: EngineResult; snapshot: GoalSnapshot }[]> {
    if (inputs.length === 0) return [];
    const now = new Date();
    const outgoing: OutgoingEvent[] = [];
    const applied: { input: GoalInput; result: EngineResult; snapshot: GoalSnapshot }[] = [];
    const samples = new Map<string, { before: StateSample; snapshot: GoalSnapshot }>();
    await this.goals.withGoalsLocked(
      inputs.map((i) => i.goalId),
      async (snapshots, tx: GoalTransaction) => {
        const goals = new Set<GoalRecord>();
        const tasks = new Set<TaskRecord>();
        const held: HeldResult[] = [];
        const claimed = options.fromHold
          ? new Set(
              (await tx.claimHeld(inputs.flatMap((i) => (i.result ? [i.result] : [])))).map(
                (h) => h.event.envelope.eventId,
              ),
            )
          : undefined;
        for (const input of inputs) {
          // Another transaction took this held result first, and applied it.
          if (claimed && !claimed.has(input.result?.event.envelope.eventId ?? '')) continue;
          const snapshot = snapshots.get(input.goalId);
          if (!snapshot) {
            this.logger.debug(
              { goalId: input.goalId, ...input.log },
              'event for an unknown goal ignored',
            );
            continue;
          }
          if (!samples.has(input.goalId)) {
            samples.set(input.goalId, { before: sample(snapshot), snapshot });
          }
          const result = input.apply(new GoalEngine(snapshot, now));
          if (input.result && result.awaitingAward) held.push(input.result);
          if (result.goalChanged) goals.add(snapshot.goal);
          for (const task of result.changedTasks) tasks.add(task);
          outgoing.push(...this.outgoing(result.events, input.goalId, input.causation));
          applied.push({ input, result, snapshot });
        }
        await tx.saveChanges([...goals], [...tasks]);
        await tx.holdResults(held);
        await this.outbox.stage(tx.manager, outgoing);
      },
      inputs.flatMap((i) => (i.attempt ? [i.attempt] : [])),
    );
    await this.publish(outgoing, options.onPublishError ?? 'throw');
    const limits = new Map(
      applied.flatMap(({ input, result }) => (result.limit ? [[input.goalId, result.limit]] : [])),
    );
    for (const [goalId, { before, snapshot }] of samples) {
      recordTransitions(before, snapshot, limits.get(goalId));
    }
    for (const { input, result, snapshot } of applied) {
      const type = input.result?.type;
      if (type && result.refused) {
        recordRefused(type, result.refused);
        this.logger.warn(
          {
            goalId: input.goalId,
            ...input.log,
            producer: input.causation?.producer.service,
            reason: result.refused,
            why: result.ignored,
          },
          'result refused',
        );
        continue;
      }
      if (type && result.awaitingAward) {
        if (!options.fromHold) recordHeld(type);
        this.logger.debug(
          { goalId: input.goalId, ...input.log },
          'result held until the award of its attempt is read',
        );
        continue;
      }
      if (result.ignored) {
        this.logger.debug(
          { goalId: input.goalId, ...input.log, reason: result.ignored },
          'event ignored',
        );
        continue;
      }
      for (const event of result.events) this.logEvent(input.goalId, event, snapshot, input.log);
    }
    return applied;
  }

  private outgoing(
    events: readonly PlannerEvent[],
    goalId: string,
    causation: Envelope | undefined,
  ): OutgoingEvent[] {
    return events.map(
      (e) =>
        ({
          type: e.type,
          event: {
            ...e.body,
            envelope: newEnvelope({
              producer: this.producer,
              goalId,
              ...(causation ? { causation: { envelope: causation } } : {}),
            }),
          },
        }) as OutgoingEvent,
    );
  }

  /** Publishes committed events; when that fails the outbox relay sends them later. */
  private async publish(events: readonly OutgoingEvent[], onError: 'throw' | 'log') {
    try {
      await this.outbox.publish(events);
    } catch (error) {
      if (onError === 'throw') {
        throw new RetriableError('could not publish planner events; the outbox keeps them', {
          cause: error,
        });
      }
      this.logger.warn({ err: error }, 'could not publish planner events; the outbox keeps them');
    }
  }

  private logEvent(
    goalId: string,
    event: PlannerEvent,
    snapshot: GoalSnapshot,
    context: Record<string, unknown>,
  ): void {
    switch (event.type) {
      case 'TaskReady':
        this.logger.info(
          {
            goalId,
            taskId: event.body.taskId,
            attempt: event.body.attempt,
            excludedAgents: event.body.excludedAgents,
          },
          'task ready',
        );
        return;
      case 'GoalCompleted':
        this.logger.info({ goalId, usage: event.body.usage }, 'goal completed');
        return;
      case 'GoalFailed':
        this.logger.warn(
          { goalId, code: event.body.code, taskId: event.body.taskId, reason: event.body.reason },
          'goal failed',
        );
        return;
      case 'TaskFailed':
        this.logger.info(
          { goalId, taskId: event.body.taskId, agentId: event.body.agentId },
          'task cancelled',
        );
        return;
      case 'GoalPlanned':
        this.logger.info(
          { goalId, tasks: event.body.tasks.length, state: snapshot.goal.state, ...context },
          'goal planned',
        );
        return;
      case 'DecisionRequested':
        this.logger.info(
          { goalId, taskId: event.body.taskId, dueAt: new Date(event.body.dueAt).toISOString() },
          'task awaiting a decision',
        );
        return;
      case 'TaskDecided':
        this.logger.info(
          {
            goalId,
            taskId: event.body.taskId,
            decision: event.body.decision,
            decidedBy: event.body.decidedBy,
            timedOut: event.body.timedOut,
          },
          'task decided',
        );
        return;
    }
  }

  private get producer() {
    return this.messaging.options.producer;
  }
}

/** Task ids are `${goalId}/${step}`; events without a goal id still lead to their goal. */
function goalIdOfTask(taskId: string): string {
  const slash = taskId.lastIndexOf('/');
  return slash > 0 ? taskId.slice(0, slash) : taskId;
}

function goalFromSubmitted(
  goalId: string,
  event: GoalSubmitted,
  now: Date,
  traceId: string | null,
): GoalRecord {
  return {
    id: goalId,
    text: event.goal,
    workflow: null,
    requestedWorkflow: event.workflow,
    requestedPlan: event.plan,
    planSource: null,
    inputs: event.inputs,
    deadlineAt: event.budget.deadlineAt !== null ? new Date(event.budget.deadlineAt) : null,
    maxTasks: event.budget.maxTasks,
    maxCostUsd: event.budget.maxCostUsd,
    maxWaitMs: event.budget.maxWaitMs,
    priority: event.priority,
    submittedBy: event.submittedBy,
    traceId,
    state: 'accepted',
    output: null,
    failureCode: null,
    reason: null,
    failedTaskId: null,
    attempts: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}

/** PostgreSQL's unique_violation, as TypeORM passes it on. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
