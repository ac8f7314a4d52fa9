import { agentSigningEnvSchema, ConfigError, messagingEnvSchema } from '@agora/config';
import { messagingOptionsFromEnv, type MessagingOptions } from '@agora/messaging';

/**
 * The connection an environment describes, read as every Agora service reads it (KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, KAFKA_TOPIC_PREFIX, KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM /
 * USERNAME / PASSWORD, SCHEMA_REGISTRY_USERNAME / PASSWORD). An agent never creates topics: the
 * platform owns them, and a missing one is a deployment mistake to report, not to paper over.
 * With AGENT_SIGNING_KEY (or AGENT_SIGNING_KEY_FILE) and AGENT_KEY_ID set, every event the agent
 * publishes is signed (docs/protocol.md §14); AGENT_SIGNATURES, a service's setting, is ignored.
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
  const signing = agentSigningEnvSchema.safeParse({ ...env, AGENT_SIGNATURES: undefined });
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues),
    ...(signing.success ? [] : signing.error.issues),
  ];
  if (!parsed.success || !signing.success) {
    throw new ConfigError(
      owner,
      issues.map((issue) => ({
        key: issue.path.join('.') || '(environment)',
        message: issue.message,
      })),
    );
  }
  return messagingOptionsFromEnv(
    { ...parsed.data, ...signing.data, AGENT_SIGNATURES: 'off', KAFKA_CREATE_TOPICS: false },
    producer,
  );
}
