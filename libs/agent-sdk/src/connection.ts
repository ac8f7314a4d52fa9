import { ConfigError, messagingEnvSchema } from '@agora/config';
import { messagingOptionsFromEnv, type MessagingOptions } from '@agora/messaging';

/**
 * The connection an environment describes, read as every Agora service reads it (KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, KAFKA_TOPIC_PREFIX, KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM /
 * USERNAME / PASSWORD, SCHEMA_REGISTRY_USERNAME / PASSWORD). An agent never creates topics: the
 * platform owns them, and a missing one is a deployment mistake to report, not to paper over.
 *
 * @throws ConfigError naming every missing or invalid key
 */
export function connectionFromEnv(
  env: Record<string, string | undefined>,
  producer: { service: string; version: string },
  /** Who the error names. @default producer.service */
  owner = producer.service,
): MessagingOptions {
  const parsed = messagingEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      owner,
      parsed.error.issues.map((issue) => ({
        key: issue.path.join('.') || '(environment)',
        message: issue.message,
      })),
    );
  }
  return messagingOptionsFromEnv({ ...parsed.data, KAFKA_CREATE_TOPICS: false }, producer);
}
