import { randomUUID } from 'node:crypto';
import {
  newEnvelope,
  type Envelope,
  type GoalSubmitted,
  type TaskAwarded,
  type TaskCompleted,
  type TaskEvaluated,
  type TaskFailed,
  type TaskProgress,
} from '@agora/contracts';
import { EventPublisher, FatalError, MessagingClient, type OutgoingEvent } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { GoalRepository } from '@agora/planner/data-access';
import {
  choosePlan,
  GoalEngine,
  UnplannableError,
  WorkflowCatalog,
  type EngineResult,
  type GoalDecomposer,
  type GoalRecord,
  type GoalSnapshot,
  type PlannerEvent,
} from '@agora/planner/domain';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { GOAL_DECOMPOSER, type PlannerSettings } from '../planner-settings';
import { recordAccepted, recordTransitions, sample } from './planner-metrics';

const tracer = trace.getTracer('@agora/planner');

/** What the API accepts to start a goal. */
export interface SubmitGoalCommand {
  goal: string;
  workflow?: string;
  inputs?: Record<string, string>;
  budget?: { deadlineSeconds?: number; maxTasks?: number; maxCostUsd?: number };
}

/** A task-level event the planner follows. */
type TaskEvent = TaskAwarded | TaskProgress | TaskCompleted | TaskFailed | TaskEvaluated;

/**
 * Orchestrates goals: persists them, plans them, and applies task events under the goal's row
 * lock, publishing what the domain engine decides before the transaction commits. Publishing
 * first means a crash between the two re-delivers the input and publishes again (consumers
 * deduplicate) rather than committing a state whose events were never sent.
 */
@Injectable()
export class GoalService {
  constructor(
    private readonly goals: GoalRepository,
    private readonly publisher: EventPublisher,
    private readonly messaging: MessagingClient,
    private readonly catalog: WorkflowCatalog,
    @Inject(SERVICE_CONFIG) private readonly settings: PlannerSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GOAL_DECOMPOSER) private readonly model: GoalDecomposer | null,
  ) {}

  /**
   * Accepts a goal from the API: records it (so GET works at once) and publishes GoalSubmitted,
   * which any replica then plans.
   */
  async submit(command: SubmitGoalCommand): Promise<string> {
    const goalId = randomUUID();
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
        maxWaitMs: null,
      },
      submittedBy: null,
      priority: 0,
    };
    await this.goals.insertIfAbsent(goalFromSubmitted(goalId, event, now));
    recordAccepted();
    try {
      await this.publisher.publish('GoalSubmitted', event);
    } catch (error) {
      // Nobody will ever plan a goal whose event was not published: forget it.
      await this.goals.deleteAccepted(goalId);
      throw error;
    }
    this.logger.info({ goalId, workflow: event.workflow }, 'goal submitted');
    return goalId;
  }

  async onGoalSubmitted(event: GoalSubmitted): Promise<void> {
    const goalId = event.envelope.goalId;
    if (!goalId) throw new FatalError("GoalSubmitted: field 'envelope.goalId' is required");
    if (event.goal.trim().length === 0) {
      throw new FatalError(`GoalSubmitted ${goalId}: field 'goal' must not be empty`);
    }
    const inserted = await this.goals.insertIfAbsent(
      goalFromSubmitted(goalId, event, new Date(event.envelope.occurredAt)),
    );
    if (inserted) recordAccepted();
    if (this.model) {
      // A model can take many seconds: plan outside the consumer callback so the group keeps
      // its heartbeats. If this replica dies first, the sweeper plans the goal again.
      void this.plan(goalId, event.envelope).catch((error: unknown) =>
        this.logger.error({ err: error, goalId }, 'planning failed; the sweeper will retry'),
      );
      return;
    }
    await this.plan(goalId, event.envelope);
  }

  /** Plans an accepted goal; does nothing if it was planned already. */
  async plan(goalId: string, causation?: Envelope): Promise<void> {
    const current = await this.goals.find(goalId);
    if (!current || current.goal.state !== 'accepted') return;
    const { goal } = current;
    let choice: Awaited<ReturnType<typeof choosePlan>> | undefined;
    let unplannable: string | undefined;
    try {
      choice = await choosePlan(
        { goalId, goal: goal.text, inputs: goal.inputs, workflow: goal.requestedWorkflow },
        {
          catalog: this.catalog,
          defaultWorkflow: this.settings.PLANNER_DEFAULT_WORKFLOW,
          ...(this.model ? { model: this.model } : {}),
          onFallback: (reason, error) => this.logger.warn({ goalId, err: error }, reason),
        },
      );
    } catch (error) {
      if (!(error instanceof UnplannableError)) throw error;
      unplannable = error.message;
    }
    await this.applyLocked(goalId, causation, (engine) =>
      choice
        ? engine.plan(choice.workflow, choice.source, choice.usage)
        : engine.unplannable(unplannable ?? ''),
    );
    this.logger.info(
      {
        goalId,
        workflow: choice?.workflow.name,
        source: choice?.source,
        planningUsage: choice?.usage,
        unplannable,
      },
      choice ? 'goal planned' : 'goal could not be planned',
    );
  }

  onTaskAwarded(event: TaskAwarded): Promise<void> {
    return this.applyTaskEvent('TaskAwarded', event, (engine) => engine.awarded(event));
  }

  onTaskProgress(event: TaskProgress): Promise<void> {
    return this.applyTaskEvent('TaskProgress', event, (engine) => engine.progressed(event));
  }

  onTaskCompleted(event: TaskCompleted): Promise<void> {
    return this.applyTaskEvent('TaskCompleted', event, (engine) => engine.completed(event));
  }

  onTaskFailed(event: TaskFailed): Promise<void> {
    // The planner's own cancellations come back on the same topic; they change nothing.
    if (event.envelope.producer.service === this.producer.service) return Promise.resolve();
    return this.applyTaskEvent('TaskFailed', event, (engine) => engine.failed(event));
  }

  onTaskEvaluated(event: TaskEvaluated): Promise<void> {
    return this.applyTaskEvent('TaskEvaluated', event, (engine) => engine.evaluated(event));
  }

  /** Fails goals whose deadline has passed; safe to run on every replica at once. */
  async sweepDeadlines(now = new Date()): Promise<number> {
    const results: {
      before: ReturnType<typeof sample>;
      snapshot: GoalSnapshot;
      result: EngineResult;
    }[] = [];
    const count = await this.goals.withOverdueGoalsLocked(
      now,
      this.settings.PLANNER_SWEEP_BATCH,
      async (snapshot, tx) => {
        const before = sample(snapshot);
        const result = new GoalEngine(snapshot, now).checkDeadline();
        if (result.changed) await tx.save(snapshot);
        await this.publish(result.events, snapshot.goal.id, undefined);
        results.push({ before, snapshot, result });
      },
    );
    for (const { before, snapshot, result } of results) {
      recordTransitions(before, snapshot, result.limit);
      this.logger.warn(
        { goalId: snapshot.goal.id, reason: snapshot.goal.reason },
        'goal deadline passed',
      );
    }
    return count;
  }

  /** Plans goals left unplanned (their replica died while a model was planning them). */
  async replanStale(now = new Date()): Promise<void> {
    const before = new Date(now.getTime() - this.settings.PLANNER_REPLAN_AFTER_MS);
    for (const goalId of await this.goals.unplannedGoalIds(
      before,
      this.settings.PLANNER_SWEEP_BATCH,
    )) {
      await this.plan(goalId);
    }
  }

  private applyTaskEvent<E extends TaskEvent>(
    type: string,
    event: E,
    apply: (engine: GoalEngine) => EngineResult,
  ): Promise<void> {
    const goalId = event.envelope.goalId ?? goalIdOfTask(event.taskId);
    return tracer.startActiveSpan(`planner ${type}`, async (span) => {
      span.setAttributes({
        'agora.goal.id': goalId,
        'agora.task.id': event.taskId,
        'agora.task.attempt': event.attempt,
      });
      try {
        await this.applyLocked(goalId, event.envelope, apply, {
          type,
          taskId: event.taskId,
          attempt: event.attempt,
        });
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  private async applyLocked(
    goalId: string,
    causation: Envelope | undefined,
    apply: (engine: GoalEngine) => EngineResult,
    context: Record<string, unknown> = {},
  ): Promise<void> {
    const outcome = await this.goals.withGoalLocked(goalId, async (snapshot, tx) => {
      if (!snapshot) return undefined;
      const before = sample(snapshot);
      const result = apply(new GoalEngine(snapshot, new Date()));
      if (result.changed) await tx.save(snapshot);
      await this.publish(result.events, goalId, causation);
      return { before, snapshot, result };
    });
    if (!outcome) {
      this.logger.debug({ goalId, ...context }, 'event for an unknown goal ignored');
      return;
    }
    const { before, snapshot, result } = outcome;
    recordTransitions(before, snapshot, result.limit);
    if (result.ignored) {
      this.logger.debug({ goalId, ...context, reason: result.ignored }, 'event ignored');
      return;
    }
    for (const event of result.events) this.logEvent(goalId, event, snapshot);
  }

  private async publish(
    events: readonly PlannerEvent[],
    goalId: string,
    causation: Envelope | undefined,
  ): Promise<void> {
    if (events.length === 0) return;
    const outgoing = events.map(
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
    await this.publisher.publishMany(outgoing);
  }

  private logEvent(goalId: string, event: PlannerEvent, snapshot: GoalSnapshot): void {
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
        this.logger.debug(
          { goalId, tasks: event.body.tasks.length, state: snapshot.goal.state },
          'plan published',
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

function goalFromSubmitted(goalId: string, event: GoalSubmitted, now: Date): GoalRecord {
  return {
    id: goalId,
    text: event.goal,
    workflow: null,
    requestedWorkflow: event.workflow,
    planSource: null,
    inputs: event.inputs,
    deadlineAt: event.budget.deadlineAt !== null ? new Date(event.budget.deadlineAt) : null,
    maxTasks: event.budget.maxTasks,
    maxCostUsd: event.budget.maxCostUsd,
    submittedBy: event.submittedBy,
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
