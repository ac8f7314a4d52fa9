import { MessagingClient } from '@agora/messaging';
import { createLogger } from '@agora/observability';
import type { StackEnv } from '../stack';
import type { BenchSwarm } from './bench-swarm';

/** A client for a tool run under its own topic prefix (benchmarks, the fault suite). */
export function benchClient(stack: StackEnv, prefix: string, service = 'bench'): MessagingClient {
  return new MessagingClient(
    {
      producer: { service, version: '0.0.0-bench' },
      kafka: { brokers: stack.KAFKA_BROKERS.split(',') },
      registry: { url: stack.SCHEMA_REGISTRY_URL },
      topics: { prefix, create: true },
      consumer: { groupId: `${prefix}bench`, partitionsConsumedConcurrently: 4 },
    },
    // kafkajs warns about its partitioner default on every producer it makes; errors still show.
    createLogger(service, 'error'),
  );
}

/** Stops the services, drops their schemas, and deletes the run's topics and groups. */
export async function cleanUpRun(
  swarm: BenchSwarm,
  client: MessagingClient,
  admin: ReturnType<MessagingClient['rawKafka']['admin']>,
  prefix: string,
): Promise<void> {
  await swarm.close();
  await client.close();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(prefix));
    // A group whose killed member's session has not ended yet cannot be deleted; it is empty
    // soon after and holds nothing, so it is left behind rather than failing the clean-up.
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    console.log(`Cleaned up: services stopped, schemas dropped, ${topics.length} topics deleted`);
  } finally {
    await admin.disconnect();
  }
}
