import { randomUUID } from 'node:crypto';
import type { DeadLetter } from '@agora/contracts';
import type { Admin, Producer } from 'kafkajs';
import { RetriableError } from '../errors/messaging-errors';
import type { TopicNames } from '../topics/topic-names';
import type { EventConsumer, ConsumerOverrides } from './event-consumer';

/** A dead letter and where it sits in the dead-letter topic. */
export interface StoredDeadLetter {
  partition: number;
  offset: string;
  deadLetter: DeadLetter;
}

/** Header a replayed message carries: where it was dead-lettered from, `<topic>/<partition>/<offset>`. */
export const REPLAY_OF_HEADER = 'agora-replay-of';

/**
 * How much of the dead-letter topic a purge removes: every record written before a time (by the
 * record's Kafka timestamp, within milliseconds of the dead letter's failedAt), or all of it.
 */
export type PurgeCut = { before: number } | { all: true };

/**
 * What a purge removes, or would remove, from one partition: the records from `from` up to, not
 * including, `to`. `records` is `to - from`; nothing is removed when it is 0.
 */
export interface PurgedPartition {
  partition: number;
  from: string;
  to: string;
  records: number;
}

/**
 * Reads the dead-letter topic, sends dead letters back where they came from, and purges it, for
 * operators (`agora dlq`, the dead-letter API). Reading uses a throwaway group that commits
 * nothing, so it never moves anyone's offsets; replaying writes the original key, value and
 * headers byte for byte, plus {@link REPLAY_OF_HEADER}, to the source topic. Kafka cannot delete
 * one record, so a purge moves each partition's start forward (DeleteRecords).
 */
export class DeadLetterStore {
  constructor(
    private readonly deps: {
      admin: Admin;
      producer: Producer;
      topics: TopicNames;
      consumer: (groupId: string, overrides: ConsumerOverrides) => EventConsumer;
    },
  ) {}

  /** Every dead letter in the topic now, oldest first per partition. */
  async readAll(timeoutMs = 30_000): Promise<StoredDeadLetter[]> {
    const topic = this.deps.topics.topic('DeadLetter');
    const ends = await this.deps.admin.fetchTopicOffsets(topic);
    const pending = new Map(
      ends
        .filter((p) => BigInt(p.high) > BigInt(p.low))
        .map((p) => [p.partition, BigInt(p.high) - 1n] as const),
    );
    if (pending.size === 0) return [];
    const found: StoredDeadLetter[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const group = `${this.deps.topics.topic('DeadLetter')}.reader.${randomUUID()}`;
    const consumer = this.deps
      .consumer(group, { fromBeginning: true, commit: false })
      .on('DeadLetter', (deadLetter, ctx) => {
        found.push({ partition: ctx.partition, offset: ctx.offset, deadLetter });
        const last = pending.get(ctx.partition);
        if (last !== undefined && BigInt(ctx.offset) >= last) pending.delete(ctx.partition);
        if (pending.size === 0) done();
      });
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.start();
      await Promise.race([
        finished,
        new Promise<void>((_, reject) => {
          timer = setTimeout(
            // Retriable: the broker did not deliver in time, and asking again later may work.
            () =>
              reject(
                new RetriableError(`could not read ${topic} to its end within ${timeoutMs} ms`),
              ),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await consumer.stop();
      await this.deps.admin.deleteGroups([group]).catch(() => undefined);
    }
    return found.sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    );
  }

  /** Writes the dead letter's original message back to its source topic; returns that topic's new offset. */
  async replay(
    stored: StoredDeadLetter,
  ): Promise<{ topic: string; partition: number; offset: string }> {
    const dl = stored.deadLetter;
    // In their original order; a key may repeat.
    const headers: Record<string, Buffer[]> = {};
    for (const h of dl.headers) if (h.value !== null) (headers[h.key] ??= []).push(h.value);
    headers[REPLAY_OF_HEADER] = [
      Buffer.from(`${dl.sourceTopic}/${dl.sourcePartition}/${dl.sourceOffset}`),
    ];
    const [meta] = await this.deps.producer.send({
      topic: dl.sourceTopic,
      messages: [{ key: dl.key, value: dl.value, headers }],
    });
    if (!meta) throw new Error(`the broker did not acknowledge the replay to ${dl.sourceTopic}`);
    return { topic: meta.topicName, partition: meta.partition, offset: meta.baseOffset ?? '' };
  }

  /**
   * Deletes the dead letters before the cut, each partition up to its first record at or after
   * the cut's time (to its end for `all`), or with `dryRun` only says what that would delete.
   * Dead letters written after the offsets were looked up are never deleted.
   */
  async purge(cut: PurgeCut, { dryRun }: { dryRun: boolean }): Promise<PurgedPartition[]> {
    const topic = this.deps.topics.topic('DeadLetter');
    const ends = await this.deps.admin.fetchTopicOffsets(topic);
    const cuts =
      'all' in cut
        ? ends.map((p) => ({ partition: p.partition, offset: p.high }))
        : await this.deps.admin.fetchTopicOffsetsByTimestamp(topic, cut.before);
    const plan = purgeRanges(ends, cuts);
    const doomed = plan.filter((p) => p.records > 0);
    if (!dryRun && doomed.length > 0) {
      await this.deps.admin.deleteTopicRecords({
        topic,
        partitions: doomed.map((p) => ({ partition: p.partition, offset: p.to })),
      });
    }
    return plan;
  }
}

/**
 * Per partition, the records a purge removes: from the partition's start (`low`) to the cut,
 * the cut kept within [low, high]. A partition the cut does not name loses nothing. Pure.
 */
export function purgeRanges(
  ends: readonly { partition: number; low: string; high: string }[],
  cuts: readonly { partition: number; offset: string }[],
): PurgedPartition[] {
  return ends
    .map(({ partition, low, high }) => {
      const cut = cuts.find((c) => c.partition === partition);
      const lo = BigInt(low);
      const hi = BigInt(high);
      let to = cut === undefined || BigInt(cut.offset) < 0n ? lo : BigInt(cut.offset);
      if (to < lo) to = lo;
      if (to > hi) to = hi;
      return { partition, from: low, to: to.toString(), records: Number(to - lo) };
    })
    .sort((a, b) => a.partition - b.partition);
}
