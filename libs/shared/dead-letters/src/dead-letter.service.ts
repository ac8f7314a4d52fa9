import { isOutage, MessagingClient, type PurgeCut, type StoredDeadLetter } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import {
  findDeadLetters,
  positionOf,
  selectDeadLetters,
  type DeadLetterFilter,
  type DeadLetterPosition,
} from './dead-letter-query';
import {
  deadLetterSummary,
  deadLetterView,
  hexValue,
  purgeReport,
  toJson,
  type DeadLetterSummary,
  type DeadLetterValue,
  type DeadLetterView,
  type PurgeReport,
  type ReplayedDeadLetter,
} from './dead-letter-view';

/**
 * What operators do with dead letters, for the CLI (`agora dlq`) and the REST API alike: select
 * them by filter or position, show one with its value decoded (hex when it cannot be), replay
 * them to their source topics, purge the topic. Kafka stays behind the client's
 * DeadLetterStore; this class decides, renders and orchestrates.
 */
@Injectable()
export class DeadLetterService {
  constructor(private readonly messaging: MessagingClient) {}

  /** The dead letters that pass the filter, newest first, and how many the topic holds. */
  async select(
    filter: DeadLetterFilter,
  ): Promise<{ matching: StoredDeadLetter[]; inTopic: number }> {
    const letters = await this.messaging.deadLetters.readAll();
    return {
      matching: selectDeadLetters(letters, filter, this.messaging.topics),
      inTopic: letters.length,
    };
  }

  /** The dead letters at the positions; DeadLetterNotFoundError names the first missing one. */
  async find(positions: readonly DeadLetterPosition[]): Promise<StoredDeadLetter[]> {
    return findDeadLetters(await this.messaging.deadLetters.readAll(), positions);
  }

  summary(stored: StoredDeadLetter): DeadLetterSummary {
    return deadLetterSummary(stored, this.messaging.topics);
  }

  /** One dead letter whole, its value decoded with the registry when it can be. */
  async view(stored: StoredDeadLetter): Promise<DeadLetterView> {
    return deadLetterView(stored, await this.decodeValue(stored), this.messaging.topics);
  }

  /**
   * Writes each dead letter's original message back to its source topic, marked with the header
   * agora-replay-of (`<topic>/<partition>/<offset>` it was first read from), one after another.
   */
  async replay(letters: readonly StoredDeadLetter[]): Promise<ReplayedDeadLetter[]> {
    const replayed: ReplayedDeadLetter[] = [];
    for (const stored of letters) {
      replayed.push({
        position: positionOf(stored),
        to: await this.messaging.deadLetters.replay(stored),
      });
    }
    return replayed;
  }

  /** Deletes the dead letters before the cut, or with dryRun says how many that would be. */
  async purge(cut: PurgeCut, { dryRun }: { dryRun: boolean }): Promise<PurgeReport> {
    return purgeReport(cut, await this.messaging.deadLetters.purge(cut, { dryRun }), dryRun);
  }

  private async decodeValue(stored: StoredDeadLetter): Promise<DeadLetterValue> {
    const { sourceTopic, value } = stored.deadLetter;
    if (value === null) return hexValue(null, 'no value');
    const type = this.messaging.topics.eventTypeOf(sourceTopic);
    if (!type) return hexValue(value, `topic ${sourceTopic} is not in the catalog`);
    try {
      const { event, schemaId } = await this.messaging.codec.decode(type, value);
      return {
        encoding: 'avro',
        bytes: value.length,
        eventType: type,
        schemaId,
        event: toJson(event),
      };
    } catch (error) {
      // An unreachable registry says nothing about the bytes: fail (503 at the REST edge)
      // instead of calling a good value undecodable.
      if (isOutage(error)) throw error;
      return hexValue(value, error instanceof Error ? error.message : String(error));
    }
  }
}
