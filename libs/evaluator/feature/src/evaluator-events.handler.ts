import type { TaskCompleted, TaskFailed } from '@agora/contracts';
import { OnEventBatch } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { EvaluationService } from './evaluation.service';

/**
 * The evaluator's subscriptions, a batch at a time. Judging without a model takes milliseconds
 * plus one memory round trip for citations, so it runs inside the handler (the results of a batch
 * concurrently); a model-backed judge would need to run outside the consumer callback.
 */
@Injectable()
export class EvaluatorEventsHandler {
  constructor(private readonly evaluation: EvaluationService) {}

  @OnEventBatch('TaskCompleted')
  async onTasksCompleted(events: TaskCompleted[]): Promise<void> {
    await this.evaluation.evaluateAll(events);
  }

  @OnEventBatch('TaskFailed')
  async onTasksFailed(events: TaskFailed[]): Promise<void> {
    await this.evaluation.recordFailures(events);
  }
}
