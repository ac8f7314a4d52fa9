import { z } from 'zod';

/**
 * The CLI's settings, from the environment, with defaults that match the local stack
 * (`npm run stack:up`) and the services' default ports.
 */
const cliEnvSchema = z
  .object({
    /** @default '127.0.0.1:9092' */
    KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
    /** @default 'http://127.0.0.1:8081/apis/ccompat/v7' */
    SCHEMA_REGISTRY_URL: z.url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
    SCHEMA_REGISTRY_USERNAME: z.string().optional(),
    SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
    /**
     * SASL login to Kafka, for a cluster that requires one: in production `scram-sha-512` as
     * `agora-client` (submit, agents) or `agora-operator` (dlq), whose grants schemas/topics.yaml
     * declares. The password is the one Strimzi keeps in the user's Secret.
     */
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().optional(),
    KAFKA_SASL_PASSWORD: z.string().optional(),
    /** @default '' */
    KAFKA_TOPIC_PREFIX: z.string().default(''),
    /** Planner REST API. @default 'http://127.0.0.1:3000' */
    PLANNER_URL: z.url().default('http://127.0.0.1:3000'),
    /** Auction REST API (its agent roster). @default 'http://127.0.0.1:3001' */
    AUCTION_URL: z.url().default('http://127.0.0.1:3001'),
    /** Memory REST API. @default 'http://127.0.0.1:3004' */
    MEMORY_URL: z.url().default('http://127.0.0.1:3004'),
  })
  .superRefine((env, ctx) => {
    if (env.KAFKA_SASL_MECHANISM && (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.KAFKA_SASL_USERNAME ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SASL_USERNAME'],
        message: 'required when KAFKA_SASL_MECHANISM is set',
      });
    }
  });

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
