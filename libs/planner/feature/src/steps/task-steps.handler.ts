import type { TaskStepJournaled } from '@agora/contracts';
import { OnEventBatch } from '@agora/messaging';
import { TaskStepRepository } from '@agora/planner/data-access';
import { Injectable } from '@nestjs/common';

/**
 * Keeps the journal of goals' model-driven attempts (agora.tasks.journal) for GET
 * /goals/:id/steps, a batch per statement. Only shown, never acted on: the executors replay the
 * journal from the topic itself.
 */
@Injectable()
export class TaskStepsHandler {
  constructor(private readonly steps: TaskStepRepository) {}

  @OnEventBatch('TaskStepJournaled')
  onStepsJournaled(events: TaskStepJournaled[]): Promise<void> {
    return this.steps.record(events);
  }
}
