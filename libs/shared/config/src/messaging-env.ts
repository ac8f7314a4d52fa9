import { z } from 'zod';
import { envBoolean, envList, envUrl } from './env-types';

/**
 * The keys that say how to reach Kafka and the schema registry: every service and the CLI read
 * them alike, and `messagingOptionsFromEnv` (@agora/messaging) turns them into the messaging
 * library's options. Services extend them (serviceEnvShape); the CLI gives the brokers and the
 * registry local defaults.
 */
export const messagingEnvShape = {
  /** Comma-separated bootstrap brokers, e.g. `127.0.0.1:9092`. */
  KAFKA_BROKERS: envList(),
  /** Prefix for every topic in the catalog; lets several environments share one cluster. @default '' */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** TLS to the brokers. @default false */
  KAFKA_SSL: envBoolean(false),
  /** PEM file with the CA that signed the brokers' certificates. @default the system's CAs */
  KAFKA_SSL_CA_FILE: z.string().optional(),
  /** SASL login to Kafka; needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD. @default none */
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** Confluent-compatible registry API, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
  SCHEMA_REGISTRY_URL: envUrl(),
  /** Basic auth to the registry; both or neither. @default none */
  SCHEMA_REGISTRY_USERNAME: z.string().optional(),
  SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
};

type MessagingEnvObject = z.infer<z.ZodObject<typeof messagingEnvShape>>;

/** Rules that span several messaging keys; zod reports each under the key to fix. */
export function checkMessagingEnv(
  env: Pick<
    MessagingEnvObject,
    | 'KAFKA_SASL_MECHANISM'
    | 'KAFKA_SASL_USERNAME'
    | 'KAFKA_SASL_PASSWORD'
    | 'SCHEMA_REGISTRY_USERNAME'
    | 'SCHEMA_REGISTRY_PASSWORD'
  >,
  ctx: z.RefinementCtx,
): void {
  if (env.KAFKA_SASL_MECHANISM && (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.KAFKA_SASL_USERNAME ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SASL_USERNAME'],
      message: 'required when KAFKA_SASL_MECHANISM is set',
    });
  }
  if (Boolean(env.SCHEMA_REGISTRY_USERNAME) !== Boolean(env.SCHEMA_REGISTRY_PASSWORD)) {
    ctx.addIssue({
      code: 'custom',
      path: [
        env.SCHEMA_REGISTRY_USERNAME ? 'SCHEMA_REGISTRY_PASSWORD' : 'SCHEMA_REGISTRY_USERNAME',
      ],
      message: 'registry basic auth needs both a username and a password',
    });
  }
}

/** The messaging keys alone, checked: for tools that talk to Kafka and nothing else. */
export const messagingEnvSchema = z.object(messagingEnvShape).superRefine(checkMessagingEnv);

/** How to reach Kafka and the registry, validated. */
export type MessagingEnv = z.output<typeof messagingEnvSchema>;
