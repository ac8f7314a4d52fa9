import type { TaskAwarded, TaskCompleted, TaskFailed } from '@agora/contracts';
import { AwardRepository, type ScreenedResult } from '@agora/evaluator/data-access';
import { AGENT_FAULT_CODES, termsOfAward } from '@agora/evaluator/domain';
import { counter, type Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';

const refused = counter(
  'agora_evaluator_results_refused_total',
  'Results and failures neither judged nor counted because they do not come from the agent awarded their attempt (an award to another agent was read, or none within an hour of holding them).',
  ['event', 'reason'],
);
const held = counter(
  'agora_evaluator_results_held_total',
  'Results and failures read before the award of their attempt, held until it is read.',
  ['event'],
);

/**
 * How long a result may wait for the award of its attempt. A legitimate award is written before
 * its result and read by the same consumer (the topics are co-partitioned), so it arrives within
 * a fetch or two; a result still waiting after this long names an attempt no award will name it
 * for (an agent's forgery for an attempt never awarded, or an unknown task).
 */
const HELD_RESULT_EXPIRY_MS = 3_600_000;

/**
 * Any Kafka client allowed to write results can claim to be any agent, so the evaluator judges a
 * result, and counts a failure against an agent, only when that agent was awarded the attempt
 * (TaskAwarded, which only the auction writes). Otherwise a forged result would move the named
 * agent's reputation, and take the one verdict of the attempt from the winner's result.
 *
 * Refused events are counted and logged, not dead-lettered: they are well-formed, only not the
 * winner's. Events read before their award are held in the database and screened again when the
 * award is read (a retriable error would hold the consumer's fetch loop, and with it the award).
 */
@Injectable()
export class ResultFence {
  constructor(
    private readonly awards: AwardRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Records awards; returns the results held for these attempts that may now be handled. */
  async recordAwards(events: readonly TaskAwarded[]): Promise<ScreenedResult[]> {
    const recorded = await this.awards.recordAwards(
      events.map((e) => ({
        taskId: e.taskId,
        attempt: e.attempt,
        agentId: e.agentId,
        ...termsOfAward(e.input, e.capability),
      })),
      HELD_RESULT_EXPIRY_MS,
    );
    for (const result of recorded.expired) {
      refused.inc({ event: result.type, reason: 'not_awarded' });
      this.logger.warn(
        { ...ids(result), reason: 'not_awarded' },
        'held result dropped: no award of its attempt was read',
      );
    }
    return this.screen(recorded.held, true);
  }

  /** Results to judge: those of awarded agents. Others are refused, or held until the award. */
  async screenResults(events: readonly TaskCompleted[]): Promise<ScreenedResult[]> {
    return this.screen(events.map((event) => ({ type: 'TaskCompleted', event })));
  }

  /** Failures to count against their agent: those at its fault, from an awarded agent. */
  async screenFailures(events: readonly TaskFailed[]): Promise<ScreenedResult[]> {
    return this.screen(
      events
        .filter((e): e is TaskFailed & { agentId: string } => countsAgainstAgent(e))
        .map((event) => ({ type: 'TaskFailed', event })),
    );
  }

  /** Forgets held results once handled. */
  async release(results: readonly ScreenedResult[]): Promise<void> {
    await this.awards.release(undefined, results);
  }

  private async screen(results: readonly ScreenedResult[], fromHold = false) {
    const screening = await this.awards.screen(results);
    for (const { result, awardedTo } of screening.refused) {
      refused.inc({ event: result.type, reason: 'not_awarded' });
      this.logger.warn({ ...ids(result), awardedTo, reason: 'not_awarded' }, 'result refused');
    }
    for (const result of screening.held) {
      if (!fromHold) held.inc({ event: result.type });
      this.logger.debug(ids(result), 'result held until the award of its attempt is read');
    }
    return screening.judge;
  }
}

/** Failures that count against the agent they name: it had the task and did not deliver. */
function countsAgainstAgent(event: TaskFailed): boolean {
  return event.agentId !== null && AGENT_FAULT_CODES.has(event.code);
}

function ids({ type, event }: ScreenedResult) {
  return {
    event: type,
    goalId: event.envelope.goalId,
    taskId: event.taskId,
    attempt: event.attempt,
    agentId: event.agentId,
    producer: event.envelope.producer.service,
  };
}
