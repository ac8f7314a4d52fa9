import type { TaskAwarded, TaskCompleted, TaskFailed } from '@agora/contracts';
import type { ScreenedResult } from '@agora/evaluator/data-access';
import { OnEventBatch } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { EvaluationService } from './evaluation.service';
import { ResultFence } from './result-fence.service';

/**
 * The evaluator's subscriptions, a batch at a time. Judging without a model takes milliseconds
 * plus one memory round trip for citations, so it runs inside the handler (the results of a batch
 * concurrently); a model-backed judge would need to run outside the consumer callback. Only the
 * results and failures of the agent awarded each attempt are handled (see {@link ResultFence}).
 */
@Injectable()
export class EvaluatorEventsHandler {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly fence: ResultFence,
  ) {}

  @OnEventBatch('TaskAwarded')
  async onTasksAwarded(events: TaskAwarded[]): Promise<void> {
    const ready = await this.fence.recordAwards(events);
    await this.handle(ready);
    // Released only once handled: a crash before this finds them held again, and judging is
    // idempotent per attempt.
    await this.fence.release(ready);
  }

  @OnEventBatch('TaskCompleted')
  async onTasksCompleted(events: TaskCompleted[]): Promise<void> {
    await this.handle(await this.fence.screenResults(events));
  }

  @OnEventBatch('TaskFailed')
  async onTasksFailed(events: TaskFailed[]): Promise<void> {
    await this.handle(await this.fence.screenFailures(events));
  }

  private async handle(results: readonly ScreenedResult[]): Promise<void> {
    const completed = results.flatMap((r) => (r.type === 'TaskCompleted' ? [r] : []));
    await this.evaluation.evaluateAll(
      completed.map((r) => r.event),
      new Map(completed.map((r) => [`${r.event.taskId}#${r.event.attempt}`, r.terms])),
    );
    await this.evaluation.recordFailures(
      results.flatMap((r) => (r.type === 'TaskFailed' ? [r.event] : [])),
    );
  }
}
