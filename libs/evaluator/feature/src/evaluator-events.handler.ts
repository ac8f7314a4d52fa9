import type { TaskCompleted, TaskFailed } from '@agora/contracts';
import { OnEvent } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { EvaluationService } from './evaluation.service';

/**
 * The evaluator's subscriptions. Judging without a model takes milliseconds plus one memory
 * round trip for citations, so it runs inside the handler; a model-backed judge would need to
 * run outside the consumer callback.
 */
@Injectable()
export class EvaluatorEventsHandler {
  constructor(private readonly evaluation: EvaluationService) {}

  @OnEvent('TaskCompleted')
  async onTaskCompleted(event: TaskCompleted): Promise<void> {
    await this.evaluation.evaluate(event);
  }

  @OnEvent('TaskFailed')
  async onTaskFailed(event: TaskFailed): Promise<void> {
    await this.evaluation.recordFailure(event);
  }
}
