import type {
  GoalCancelRequested,
  GoalSubmitted,
  TaskAwarded,
  TaskCompleted,
  TaskEvaluated,
  TaskFailed,
  TaskProgress,
  TaskWaiting,
} from '@agora/contracts';
import { OnEventBatch, traceIdOfHeaders, type BatchContext } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { GoalService } from './goal.service';

/**
 * The planner's subscriptions: goals to plan, and everything that happens to their tasks, each
 * handled a batch at a time so a burst costs a few statements per batch, not per event.
 */
@Injectable()
export class PlannerEventsHandler {
  constructor(private readonly goals: GoalService) {}

  @OnEventBatch('GoalSubmitted')
  onGoalsSubmitted(events: GoalSubmitted[], batch: BatchContext): Promise<void> {
    return this.goals.onGoalsSubmitted(
      events,
      batch.items.map((item) => traceIdOfHeaders(item.headers)),
    );
  }

  @OnEventBatch('GoalCancelRequested')
  onGoalCancelsRequested(events: GoalCancelRequested[]): Promise<void> {
    return this.goals.onGoalCancelsRequested(events);
  }

  @OnEventBatch('TaskAwarded')
  onTasksAwarded(events: TaskAwarded[]): Promise<void> {
    return this.goals.onTasksAwarded(events);
  }

  @OnEventBatch('TaskWaiting')
  onTasksWaiting(events: TaskWaiting[]): Promise<void> {
    return this.goals.onTasksWaiting(events);
  }

  @OnEventBatch('TaskProgress')
  onTasksProgressed(events: TaskProgress[]): Promise<void> {
    return this.goals.onTasksProgressed(events);
  }

  @OnEventBatch('TaskCompleted')
  onTasksCompleted(events: TaskCompleted[]): Promise<void> {
    return this.goals.onTasksCompleted(events);
  }

  @OnEventBatch('TaskFailed')
  onTasksFailed(events: TaskFailed[]): Promise<void> {
    return this.goals.onTasksFailed(events);
  }

  @OnEventBatch('TaskEvaluated')
  onTasksEvaluated(events: TaskEvaluated[]): Promise<void> {
    return this.goals.onTasksEvaluated(events);
  }
}
