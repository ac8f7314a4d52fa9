import { performance } from 'node:perf_hooks';
import type { MessagingClient } from '@agora/messaging';
import { delay, pollUntil } from './poll';

type Kafka = MessagingClient['rawKafka'];
type Admin = ReturnType<Kafka['admin']>;

export interface RawWorkQueueOptions {
  /**
   * How workers answer: `message`, one produce per task from kafkajs's eachMessage (the plain
   * work queue most code starts as); `batch`, one produce per fetched batch (the ceiling).
   */
  mode: 'message' | 'batch';
  /** Zero-work tasks to produce. */
  tasks: number;
  /** Worker consumers sharing one group. */
  workers: number;
  /** Partitions of the task and result topics. */
  partitions: number;
  /** Tasks per produce request. */
  chunk: number;
  timeoutMs: number;
  onProgress: (done: number, elapsedMs: number) => void;
}

export interface RawWorkQueueResult {
  mode: RawWorkQueueOptions['mode'];
  tasks: number;
  /** Tasks whose result reached the collector. */
  completed: number;
  /** From the first produce to the last result received. */
  seconds: number;
  /** Per task, from its produce to the collector receiving its result. */
  latenciesMs: number[];
}

/** Fetch settings of libs/messaging's consumers, so the baseline waits on the broker as they do. */
const fetchSettings = { maxWaitTimeInMs: 100, minBytes: 1 };

/**
 * The ceiling this broker allows for a task round trip: a plain kafkajs work queue with none of
 * the swarm's schemas, database or auctions. Tasks go to a topic, workers in one group answer
 * each (see {@link RawWorkQueueOptions.mode}), and a collector reads the results. All in this
 * process, so it shares the bench's CPU as the swarm's observer does.
 */
export async function runRawWorkQueue(
  kafka: Kafka,
  prefix: string,
  options: RawWorkQueueOptions,
): Promise<RawWorkQueueResult> {
  const tasksTopic = `${prefix}raw-${options.mode}.tasks`;
  const resultsTopic = `${prefix}raw-${options.mode}.results`;
  const workersGroup = `${prefix}raw-${options.mode}.workers`;
  const collectorGroup = `${prefix}raw-${options.mode}.collector`;
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const disconnects: (() => Promise<void>)[] = [];
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: [tasksTopic, resultsTopic].map((topic) => ({
        topic,
        numPartitions: options.partitions,
      })),
    });
    await waitForLeaders(admin, [tasksTopic, resultsTopic]);

    const latencies = new Map<string, number>();
    let lastResultAt = 0;
    const collector = kafka.consumer({ groupId: collectorGroup, ...fetchSettings });
    disconnects.push(() => collector.disconnect());
    await collector.connect();
    await collector.subscribe({ topic: resultsTopic, fromBeginning: true });
    await collector.run({
      eachBatch: ({ batch }) => {
        const now = performance.now();
        for (const message of batch.messages) {
          const { sentAt } = JSON.parse(String(message.value)) as { sentAt: number };
          latencies.set(String(message.key), now - sentAt);
        }
        lastResultAt = now;
        return Promise.resolve();
      },
    });

    for (let w = 0; w < options.workers; w++) {
      const worker = kafka.consumer({ groupId: workersGroup, ...fetchSettings });
      const results = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      disconnects.push(
        () => worker.disconnect(),
        () => results.disconnect(),
      );
      await Promise.all([worker.connect(), results.connect()]);
      await worker.subscribe({ topic: tasksTopic, fromBeginning: true });
      await worker.run(
        options.mode === 'batch'
          ? {
              eachBatch: async ({ batch }) => {
                await results.send({
                  topic: resultsTopic,
                  messages: batch.messages.map((m) => ({ key: m.key, value: m.value })),
                });
              },
            }
          : {
              // kafkajs's defaults: one partition at a time, as a plain consumer does.
              eachMessage: async ({ message }) => {
                await results.send({
                  topic: resultsTopic,
                  messages: [{ key: message.key, value: message.value }],
                });
              },
            },
      );
    }
    // Group joins and rebalances take seconds; they are not what this measures.
    await waitForStableGroups(admin, [
      [workersGroup, options.workers],
      [collectorGroup, 1],
    ]);

    await producer.connect();
    disconnects.push(() => producer.disconnect());
    const started = performance.now();
    for (let i = 0; i < options.tasks; i += options.chunk) {
      const ids = Array.from(
        { length: Math.min(options.chunk, options.tasks - i) },
        (_, j) => i + j,
      );
      await producer.send({
        topic: tasksTopic,
        messages: ids.map((id) => ({
          key: `task-${id}`,
          value: JSON.stringify({ sentAt: performance.now() }),
        })),
      });
    }
    await pollUntil(
      () => latencies.size >= options.tasks,
      started + options.timeoutMs,
      2_000,
      () => options.onProgress(latencies.size, performance.now() - started),
    );
    return {
      mode: options.mode,
      tasks: options.tasks,
      completed: latencies.size,
      seconds: Math.max(0, lastResultAt - started) / 1000,
      latenciesMs: [...latencies.values()],
    };
  } finally {
    await Promise.allSettled(disconnects.map((disconnect) => disconnect()));
    await admin.disconnect();
  }
}

/**
 * kafkajs's own waitForLeaders gives up on the "does not host this topic-partition" a broker
 * answers while it still loads a topic it has just created, so poll the metadata instead.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const metadata = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
    const ready = metadata?.topics.every(
      (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
    );
    if (ready) return;
    await delay(100);
  }
  throw new Error(`raw work queue: topics ${topics.join(', ')} have no leader after 30 s`);
}

async function waitForStableGroups(
  admin: Admin,
  expected: readonly [group: string, members: number][],
): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const { groups } = await admin.describeGroups(expected.map(([group]) => group));
    const stable = expected.every(([group, members]) => {
      const described = groups.find((g) => g.groupId === group);
      return described?.state === 'Stable' && described.members.length === members;
    });
    if (stable) return;
    await delay(200);
  }
  throw new Error('raw work queue: consumer groups did not settle within 60 s');
}
