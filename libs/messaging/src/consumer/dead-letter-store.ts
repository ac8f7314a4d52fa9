import { randomUUID } from 'node:crypto';
import type { DeadLetter } from '@agora/contracts';
import type { Admin, Producer } from 'kafkajs';
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
 * Reads the dead-letter topic and sends dead letters back where they came from, for operators
 * (`agora dlq`). Reading uses a throwaway group that commits nothing, so it never moves anyone's
 * offsets; replaying writes the original key, value and headers byte for byte, plus
 * {@link REPLAY_OF_HEADER}, to the source topic.
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
            () => reject(new Error(`could not read ${topic} to its end within ${timeoutMs} ms`)),
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
}
