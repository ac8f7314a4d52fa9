import { checkMessagingEnv, messagingEnvShape } from '@agora/config';
import { z } from 'zod';

/**
 * The CLI's settings, from the environment, with defaults that match the local stack
 * (`npm run stack:up`) and the services' default ports.
 */
const cliEnvSchema = z
  .object({
    /**
     * How to reach Kafka and the registry, read as the services read it (KAFKA_SSL,
     * KAFKA_SSL_CA_FILE, KAFKA_SASL_*, SCHEMA_REGISTRY_USERNAME/PASSWORD, KAFKA_TOPIC_PREFIX).
     * SASL in production: `scram-sha-512` as `agora-client` (submit, agents) or
     * `agora-operator` (dlq), whose grants schemas/topics.yaml declares; the password is the one
     * Strimzi keeps in the user's Secret.
     */
    ...messagingEnvShape,
    /** @default '127.0.0.1:9092' */
    KAFKA_BROKERS: messagingEnvShape.KAFKA_BROKERS.default(['127.0.0.1:9092']),
    /** @default 'http://127.0.0.1:8081/apis/ccompat/v7' */
    SCHEMA_REGISTRY_URL: messagingEnvShape.SCHEMA_REGISTRY_URL.default(
      'http://127.0.0.1:8081/apis/ccompat/v7',
    ),
    /** Planner REST API. @default 'http://127.0.0.1:3000' */
    PLANNER_URL: z.url().default('http://127.0.0.1:3000'),
    /** Auction REST API (its agent roster). @default 'http://127.0.0.1:3001' */
    AUCTION_URL: z.url().default('http://127.0.0.1:3001'),
    /** Memory REST API. @default 'http://127.0.0.1:3004' */
    MEMORY_URL: z.url().default('http://127.0.0.1:3004'),
  })
  .superRefine(checkMessagingEnv);

export type CliEnv = z.output<typeof cliEnvSchema>;

export function cliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = cliEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `  - ${i.path.join('.')}: ${i.message}`)
    .join('\n');
  throw new CliError(`invalid configuration:\n${problems}`);
}

/** An error the CLI prints as it is, without a stack trace, and exits 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
