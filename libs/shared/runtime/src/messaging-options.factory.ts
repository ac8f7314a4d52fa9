import { readFileSync } from 'node:fs';
import type { ServiceEnv } from '@agora/config';
import type { MessagingOptions } from '@agora/messaging';

/** Maps the validated environment onto the messaging library's options. */
export function messagingOptionsFromEnv(
  env: ServiceEnv,
  producer: { service: string; version: string },
): MessagingOptions {
  const ca = env.KAFKA_SSL_CA_FILE ? readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8') : undefined;
  return {
    producer,
    kafka: {
      brokers: env.KAFKA_BROKERS,
      ssl: env.KAFKA_SSL ? (ca ? { ca } : true) : false,
      ...(env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
        ? {
            sasl: {
              mechanism: env.KAFKA_SASL_MECHANISM,
              username: env.KAFKA_SASL_USERNAME,
              password: env.KAFKA_SASL_PASSWORD,
            },
          }
        : {}),
    },
    registry: {
      url: env.SCHEMA_REGISTRY_URL,
      ...(env.SCHEMA_REGISTRY_USERNAME && env.SCHEMA_REGISTRY_PASSWORD
        ? {
            basicAuth: {
              username: env.SCHEMA_REGISTRY_USERNAME,
              password: env.SCHEMA_REGISTRY_PASSWORD,
            },
          }
        : {}),
    },
    topics: {
      prefix: env.KAFKA_TOPIC_PREFIX,
      create: env.KAFKA_CREATE_TOPICS ?? env.NODE_ENV !== 'production',
      replicationFactor: env.KAFKA_REPLICATION_FACTOR ?? 1,
      ...(env.KAFKA_MAX_PARTITIONS ? { maxPartitions: env.KAFKA_MAX_PARTITIONS } : {}),
    },
    consumer: {
      groupId: `${env.KAFKA_TOPIC_PREFIX}agora.${producer.service}`,
      partitionsConsumedConcurrently: env.KAFKA_CONSUMER_CONCURRENCY,
      maxWaitTimeInMs: env.KAFKA_FETCH_MAX_WAIT_MS,
      maxDownMs: env.KAFKA_CONSUMER_MAX_DOWN_MS,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    },
    retry: { outageBudgetMs: env.OUTAGE_BUDGET_MS },
    decode: {
      maxBytes: env.AVRO_MAX_BYTES,
      maxEntries: env.AVRO_MAX_ENTRIES,
      maxDepth: env.AVRO_MAX_DEPTH,
    },
  };
}
