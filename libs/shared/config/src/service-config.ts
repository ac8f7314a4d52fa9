import { z } from 'zod';
import { envOptionalBoolean, envPort, envUrl } from './env-types';
import { agentSigningEnvShape, checkAgentSigningEnv } from './agent-signing-env';
import { checkMessagingEnv, messagingEnvShape } from './messaging-env';

/**
 * Settings every Agora service reads from the environment.
 * Each app extends this schema with its own keys (see apps/<service>/src/config.ts).
 */
export const serviceEnvShape = {
  /** @default 'development' */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Port of the HTTP server that serves /health and /metrics. */
  HTTP_PORT: envPort(3000),
  /** Interface the HTTP server binds to. @default '0.0.0.0' */
  HTTP_HOST: z.string().default('0.0.0.0'),
  /** Longest a graceful shutdown may take before the process exits anyway. @default 25000 */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000),
  /** @default 'info' */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // How to reach Kafka and the registry, as the CLI reads it too.
  ...messagingEnvShape,
  /** Create missing catalog topics at start-up. @default true outside production */
  KAFKA_CREATE_TOPICS: envOptionalBoolean(),
  /** Replication factor for topics this service creates (clamped to the broker count). @default 1 */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().optional(),
  /** Caps partitions of topics this service creates (a laptop, a test broker). @default the catalog's */
  KAFKA_MAX_PARTITIONS: z.coerce.number().int().positive().optional(),
  /**
   * Partitions one process handles at once in its service consumer group; order within a
   * partition is kept either way. @default 4
   */
  KAFKA_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Longest a consumer fetch waits for new data. It does not add latency (a fetch returns as soon
   * as a message arrives); lower only costs idle CPU (measured on 2 cores: six idle services use
   * about a quarter less CPU at 500 than at 100 ms: 36 % of a core against 46 %). @default 500
   */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(10).max(5_000).default(500),
  /**
   * A consumer that crashed and has not come back for this long fails /health/live, so the
   * process is replaced. @default 120000
   */
  /**
   * How long an event waits out an outage of a dependency (database, registry, broker) before it
   * is dead-lettered; its partition waits with it. @default 300000 (5 minutes)
   */
  OUTAGE_BUDGET_MS: z.coerce.number().int().min(0).default(300_000),
  /**
   * How long the group waits for a member that stopped heartbeating before it hands the member's
   * partitions to others. It is most of the time a killed process takes to serve again: its
   * successor's join waits for the dead member's session to end (kafkajs has no static
   * membership). Lower than 6000 the broker refuses; heartbeats go every third of it (at most
   * 3 s). @default 6000
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(6_000),
  KAFKA_CONSUMER_MAX_DOWN_MS: z.coerce.number().int().min(1_000).default(120_000),
  /**
   * Limits on one incoming message, checked before it is decoded; a message over a limit goes to
   * the dead-letter topic as undecodable. @default 8 MiB, 100000 map/array entries, depth 32
   */
  AVRO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  AVRO_MAX_ENTRIES: z.coerce.number().int().min(1).default(100_000),
  AVRO_MAX_DEPTH: z.coerce.number().int().min(4).max(1_000).default(32),

  /** PostgreSQL connection string, e.g. `postgres://user:pass@127.0.0.1:5432/agora`. */
  DATABASE_URL: z
    .string({ error: 'required: a PostgreSQL connection string' })
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection string'),

  /** Connections in the service's PostgreSQL pool. @default 10 */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** PostgreSQL schema for the service's tables. @default the service's name */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'expected lower-case letters, digits and underscores')
    .optional(),

  // Signing what this process publishes as an agent, and checking agents' signatures.
  ...agentSigningEnvShape,

  /** OTLP/HTTP endpoint for traces; tracing export is off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: envUrl().optional(),
  /** Service name reported in traces. @default the service's own name */
  OTEL_SERVICE_NAME: z.string().optional(),
};

type ServiceEnvObject = z.infer<z.ZodObject<typeof serviceEnvShape>>;

/**
 * The environment schema of one service: the shared keys plus the service's own.
 * @example defineServiceEnv({ BID_WINDOW_MS: envPositiveInt(200) })
 */
export function defineServiceEnv<Extra extends z.ZodRawShape>(extra: Extra) {
  return z.object({ ...serviceEnvShape, ...extra }).superRefine((env, ctx) => {
    checkMessagingEnv(env as ServiceEnvObject, ctx);
    checkAgentSigningEnv(env as ServiceEnvObject, ctx);
  });
}

export const serviceEnvSchema = defineServiceEnv({});
export type ServiceEnv = z.output<typeof serviceEnvSchema>;
