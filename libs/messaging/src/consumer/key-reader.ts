import type { EventMap, EventType } from '@agora/contracts';
import {
  AssignerProtocol,
  Partitioners,
  type Admin,
  type Kafka,
  type PartitionAssigner,
} from 'kafkajs';
import type { AccessPolicy } from '../access/access-policy';
import type { AvroCodec } from '../codec/avro-codec';
import { RetriableError } from '../errors/messaging-errors';
import type { TopicNames } from '../topics/topic-names';

/** An event read back by {@link readKey}, with where it sits. */
export interface KeyedRecord<T extends EventType> {
  event: EventMap[T];
  partition: number;
  offset: string;
}

export interface ReadKeyDeps {
  kafka: Kafka;
  admin: Admin;
  codec: AvroCodec;
  topics: TopicNames;
  access?: AccessPolicy;
}

export interface ReadKeyOptions {
  /** A throwaway group, deleted afterwards; it commits nothing. */
  groupId: string;
  /** @default 30000 */
  timeoutMs?: number;
  /** Hears records that do not decode; they are skipped. @default ignore them */
  onUndecodable?: (error: unknown, offset: string) => void;
}

/** kafkajs's default partitioner, murmur2 as in the Java client: the one the producer uses. */
const partitionerOf = Partitioners.DefaultPartitioner();

/**
 * Every event of `type` written under `key` until now, oldest first: the key's partition read
 * from its start to the end it had when the read began. Only that partition is fetched (a
 * throwaway group whose one member is assigned just it), so the cost is that partition's size,
 * not the topic's. Events written after the read began are not waited for.
 */
export async function readKey<T extends EventType>(
  deps: ReadKeyDeps,
  type: T,
  key: string,
  options: ReadKeyOptions,
): Promise<KeyedRecord<T>[]> {
  deps.access?.checkSubscribe(type);
  deps.access?.checkGroup(options.groupId);
  const topic = deps.topics.topic(type);
  const metadata = await deps.admin.fetchTopicMetadata({ topics: [topic] });
  const partitionMetadata = metadata.topics[0]?.partitions ?? [];
  if (partitionMetadata.length === 0) throw new RetriableError(`topic ${topic} has no partitions`);
  const partition = partitionerOf({
    topic,
    partitionMetadata: [...partitionMetadata].sort((a, b) => a.partitionId - b.partitionId),
    message: { key, value: null },
  });
  const bounds = (await deps.admin.fetchTopicOffsets(topic)).find(
    (o) => o.partition === partition,
  );
  if (!bounds || BigInt(bounds.high) <= BigInt(bounds.low)) return [];
  const last = BigInt(bounds.high) - 1n;

  const timeoutMs = options.timeoutMs ?? 30_000;
  const found: KeyedRecord<T>[] = [];
  const consumer = deps.kafka.consumer({
    groupId: options.groupId,
    partitionAssigners: [onePartition(topic, partition)],
    maxWaitTimeInMs: 100,
    minBytes: 1,
  });
  let timer: NodeJS.Timeout | undefined;
  let finished: () => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) failed(event.payload.error);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          if (BigInt(message.offset) > last) break;
          if (message.key?.toString() !== key) continue;
          try {
            const { event } = await deps.codec.decode(type, message.value);
            found.push({ event, partition, offset: message.offset });
          } catch (error) {
            options.onUndecodable?.(error, message.offset);
          }
        }
        // An empty batch's last offset is the high watermark's predecessor.
        if (BigInt(batch.lastOffset()) >= last) finished();
      },
    });
    await Promise.race([
      done,
      new Promise<void>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new RetriableError(
                `could not read partition ${partition} of ${topic} to offset ${last} within ${timeoutMs} ms`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await deps.admin.deleteGroups([options.groupId]).catch(() => undefined);
  }
  return found;
}

/** An assigner that gives one partition of one topic to the group's first member, and nothing else. */
function onePartition(topic: string, partition: number): PartitionAssigner {
  return () => ({
    name: 'AgoraOnePartition',
    version: 0,
    assign({ members }) {
      const ids = members.map((m) => m.memberId).sort();
      return Promise.resolve(
        ids.map((memberId, i) => ({
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 0,
            assignment: i === 0 ? { [topic]: [partition] } : {},
            userData: Buffer.alloc(0),
          }),
        })),
      );
    },
    protocol({ topics }) {
      return {
        name: 'AgoraOnePartition',
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 0,
          topics,
          userData: Buffer.alloc(0),
        }),
      };
    },
  });
}
