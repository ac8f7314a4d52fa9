import type {
  GoalSubmitted,
  TaskAwarded,
  TaskCompleted,
  TaskEvaluated,
  TaskFailed,
  TaskProgress,
} from '@agora/contracts';
import { OnEvent } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { GoalService } from './goal.service';

/** The planner's subscriptions: goals to plan, and everything that happens to their tasks. */
@Injectable()
export class PlannerEventsHandler {
  constructor(private readonly goals: GoalService) {}

  @OnEvent('GoalSubmitted')
  onGoalSubmitted(event: GoalSubmitted): Promise<void> {
    return this.goals.onGoalSubmitted(event);
  }

  @OnEvent('TaskAwarded')
  onTaskAwarded(event: TaskAwarded): Promise<void> {
    return this.goals.onTaskAwarded(event);
  }

  @OnEvent('TaskProgress')
  onTaskProgress(event: TaskProgress): Promise<void> {
    return this.goals.onTaskProgress(event);
  }

  @OnEvent('TaskCompleted')
  onTaskCompleted(event: TaskCompleted): Promise<void> {
    return this.goals.onTaskCompleted(event);
  }

  @OnEvent('TaskFailed')
  onTaskFailed(event: TaskFailed): Promise<void> {
    return this.goals.onTaskFailed(event);
  }

  @OnEvent('TaskEvaluated')
  onTaskEvaluated(event: TaskEvaluated): Promise<void> {
    return this.goals.onTaskEvaluated(event);
  }
}
