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
  overrides: Partial<Pick<MessagingOptions, 'retry' | 'consumer'>> & { service?: string } = {},
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
    },
    createLogger(service, (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent'),
  );
}
