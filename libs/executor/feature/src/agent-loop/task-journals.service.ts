import { randomUUID } from 'node:crypto';
import type { TaskAwarded, TaskStepJournaled, Visibility } from '@agora/contracts';
import { MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import {
  journalEvent,
  resumePoint,
  withinBound,
  type AttemptJournal,
  type AttemptJournals,
  type JournalStep,
  type RecordedStep,
} from './step-journal';

/** Longest an attempt waits to read its task's journal before failing (retriable). */
const JOURNAL_READ_TIMEOUT_MS = 30_000;

/**
 * The journals of model-driven attempts, on Kafka (TaskStepJournaled, keyed by taskId and so
 * co-partitioned with the other task topics), where every executor process can read them: an
 * attempt retried after a crash or a lost lease usually runs in another process.
 *
 * Writing: each step is published and the broker's acknowledgement (acks=all, idempotent
 * producer) awaited before the loop goes on. Reading: an attempt after the first reads its
 * task's partition from its start to its current end, in a throwaway group of this principal,
 * and keeps its task's steps; the first attempt reads nothing, since there is nothing to read.
 * Every step records what its attempt could quote from memory, and an attempt replays only what
 * was done under no more than it may quote itself (see {@link withinBound}).
 */
@Injectable()
export class TaskJournals implements AttemptJournals {
  constructor(
    private readonly messaging: MessagingClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async open(award: TaskAwarded, maxVisibility: Visibility): Promise<AttemptJournal> {
    const log = this.logger.child({ taskId: award.taskId, attempt: award.attempt });
    const events = award.attempt > 1 ? await this.read(award, log) : [];
    const point = resumePoint(events, award.attempt);
    const { steps, withheld } = withinBound(point.steps, maxVisibility);
    const from = steps.length > 0 ? point.from : null;
    if (withheld > 0) {
      log.info(
        { resumedFrom: point.from, withheld, maxVisibility },
        `the journal of attempt ${point.from} read memory beyond ${maxVisibility}, which is all this attempt may quote: ${withheld} of its steps are done again`,
      );
    }
    if (from !== null) {
      log.info(
        { resumedFrom: from, steps: steps.length },
        `resuming from the journal of attempt ${from}: ${steps.length} steps`,
      );
    }
    const writer = { award, version: this.messaging.options.producer.version, maxVisibility };
    let seq = 0;
    return {
      earlier: steps,
      resumedFrom: from,
      record: async (step: JournalStep, replayed: RecordedStep | null) => {
        seq += 1;
        await this.messaging.publisher.publish(
          'TaskStepJournaled',
          journalEvent(writer, seq, step, replayed),
        );
      },
    };
  }

  private async read(award: TaskAwarded, log: Logger): Promise<TaskStepJournaled[]> {
    const records = await this.messaging.readKey('TaskStepJournaled', award.taskId, {
      groupId: `${this.messaging.options.consumer.groupId}.journal.${randomUUID()}`,
      timeoutMs: JOURNAL_READ_TIMEOUT_MS,
      onUndecodable: (err, offset) =>
        log.warn({ err, offset }, 'a journal record does not decode; the replay stops before it'),
    });
    return records.map((r) => r.event);
  }
}
