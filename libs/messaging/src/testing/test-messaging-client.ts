import { stackEnv } from '@agora/testing';
import { MessagingClient } from '../messaging-client';
import type { MessagingOptions } from '../messaging-options';
import { createLogger } from '@agora/observability';

/**
 * A messaging client on the real local stack, with its own topic prefix (topics created on
 * connect) and fast retries, for integration tests.
 */
export function testMessagingClient(
  prefix: string,
  overrides: Partial<
    Pick<MessagingOptions, 'retry' | 'consumer' | 'signing' | 'agentSignatures'>
  > & { service?: string } = {},
): MessagingClient {
  const env = stackEnv();
  const service = overrides.service ?? 'test';
  return new MessagingClient(
    {
      producer: { service, version: '0.0.0-test' },
      kafka: { brokers: env.KAFKA_BROKERS.split(',') },
      registry: { url: env.SCHEMA_REGISTRY_URL },
      topics: { prefix, create: true, replicationFactor: 1, maxPartitions: 2 },
      consumer: { groupId: `${prefix}${service}`, ...overrides.consumer },
      retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100, ...overrides.retry },
      ...(overrides.signing ? { signing: overrides.signing } : {}),
      ...(overrides.agentSignatures ? { agentSignatures: overrides.agentSignatures } : {}),
    },
    createLogger(service, (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent'),
  );
}

/**
 * Deletes the topics that tests and tools create under throwaway prefixes, so a developer's
 * broker does not pile up thousands of partitions (and run out of file handles) across runs.
 * @returns how many topics it deleted.
 */
export async function deleteTestTopics(
  env: { KAFKA_BROKERS: string; SCHEMA_REGISTRY_URL: string },
  prefixes: readonly string[],
): Promise<number> {
  const client = new MessagingClient(
    {
      producer: { service: 'test-cleanup', version: '0.0.0-test' },
      kafka: { brokers: env.KAFKA_BROKERS.split(',') },
      registry: { url: env.SCHEMA_REGISTRY_URL },
    },
    createLogger('test-cleanup', 'silent'),
  );
  const admin = client.rawKafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => prefixes.some((p) => t.startsWith(p)));
    for (let i = 0; i < topics.length; i += 200) {
      await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 30_000 });
    }
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
