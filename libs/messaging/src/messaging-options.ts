import { defaultAvroLimits, type AvroLimits } from './codec/avro-bounds';
import type { AgentSigningKey } from './signing/agent-signature';
import type { AgentSignatureOptions } from './signing/signature-check';

/** Connection and behaviour settings of the messaging library. */
export interface MessagingOptions {
  /** Identity stamped on every envelope and used as the Kafka client id. */
  producer: { service: string; version: string };
  kafka: {
    /** Bootstrap brokers, e.g. `['127.0.0.1:9092']`. */
    brokers: string[];
    /** @default producer.service */
    clientId?: string;
    /** TLS to the brokers; `ca` is PEM text. @default false */
    ssl?: boolean | { ca?: string; rejectUnauthorized?: boolean };
    sasl?: {
      mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
      username: string;
      password: string;
    };
    /** @default 10000 */
    connectionTimeoutMs?: number;
  };
  registry: {
    /** Confluent-compatible API base, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
    url: string;
    basicAuth?: { username: string; password: string };
    /** Longest one registry request may take before it fails (and is retried). @default 10000 */
    timeoutMs?: number;
  };
  topics?: {
    /** Prepended to every catalog topic name (and so to every registry subject). @default '' */
    prefix?: string;
    /** Create missing catalog topics at start-up; keep off in production. @default false */
    create?: boolean;
    /** Replication factor for topics created here; clamped to the number of brokers. @default 1 */
    replicationFactor?: number;
    /**
     * Caps the partitions of topics created here, for a laptop or a test broker that holds many
     * short-lived topics. Every topic is capped alike, so co-partitioned topics stay aligned.
     * @default no cap (the catalog's counts)
     */
    maxPartitions?: number;
  };
  consumer?: {
    /** Consumer group; every replica of a service shares it. @default producer.service */
    groupId?: string;
    /** Partitions handled in parallel by one process. @default 1 */
    partitionsConsumedConcurrently?: number;
    /** Longest a fetch waits for data; kafkajs defaults to 5000 ms, far too slow for auctions. @default 100 */
    maxWaitTimeInMs?: number;
    /**
     * A member silent this long is dropped from the group; a killed process's successor waits
     * for it before it gets partitions. @default 6000
     */
    sessionTimeoutMs?: number;
    /** Where a new group starts reading. @default true (nothing produced before first start is lost) */
    fromBeginning?: boolean;
    /**
     * Longest handled offsets wait before they are committed (and always on stop). A crash
     * replays at most this much; shorter costs a commit request per batch under load. @default 1000
     */
    commitIntervalMs?: number;
    /**
     * A consumer down this long (crashed and not back despite restarts) fails the liveness
     * probe, so the orchestrator replaces the process. @default 120000
     */
    maxDownMs?: number;
  };
  /**
   * Limits on what one message may make a reader allocate; a message over a limit is
   * dead-lettered as undecodable before decoding starts.
   */
  decode?: Partial<AvroLimits>;
  /**
   * Sign every record published with this Ed25519 key (docs/protocol.md §14): what an agent
   * process sets, so the services can tell its events from forgeries. @default none (unsigned)
   */
  signing?: AgentSigningKey;
  /**
   * Check agents' signatures on the agent events this client reads (BidSubmitted, TaskProgress,
   * TaskCompleted, agents' TaskFailed, AgentHeartbeat…), before their handlers run.
   * @default { mode: 'off' }
   */
  agentSignatures?: AgentSignatureOptions;
  retry?: {
    /**
     * Attempts per message, the first included, before it is dead-lettered, for retriable errors
     * that are not outages. @default 5
     */
    maxAttempts?: number;
    /**
     * How long a message waits out an outage (database, registry or broker unreachable) before it
     * is dead-lettered; its partition waits with it. @default 300000 (5 minutes)
     */
    outageBudgetMs?: number;
    /** @default 200 */
    initialDelayMs?: number;
    /** @default 10000 */
    maxDelayMs?: number;
  };
}

/** Options with every default filled in. */
export type ResolvedMessagingOptions = ReturnType<typeof resolveMessagingOptions>;

export function resolveMessagingOptions(options: MessagingOptions) {
  if (options.kafka.brokers.length === 0) {
    throw new Error('messaging: kafka.brokers is empty; set KAFKA_BROKERS, e.g. 127.0.0.1:9092');
  }
  return {
    producer: options.producer,
    kafka: {
      brokers: options.kafka.brokers,
      clientId: options.kafka.clientId ?? options.producer.service,
      ssl: options.kafka.ssl ?? false,
      sasl: options.kafka.sasl,
      connectionTimeoutMs: options.kafka.connectionTimeoutMs ?? 10_000,
    },
    registry: { ...options.registry, timeoutMs: options.registry.timeoutMs ?? 10_000 },
    topics: {
      prefix: options.topics?.prefix ?? '',
      create: options.topics?.create ?? false,
      replicationFactor: options.topics?.replicationFactor ?? 1,
      maxPartitions: options.topics?.maxPartitions ?? Number.POSITIVE_INFINITY,
    },
    consumer: {
      groupId: options.consumer?.groupId ?? options.producer.service,
      partitionsConsumedConcurrently: options.consumer?.partitionsConsumedConcurrently ?? 1,
      maxWaitTimeInMs: options.consumer?.maxWaitTimeInMs ?? 100,
      sessionTimeoutMs: options.consumer?.sessionTimeoutMs ?? 6_000,
      fromBeginning: options.consumer?.fromBeginning ?? true,
      commitIntervalMs: options.consumer?.commitIntervalMs ?? 1_000,
      maxDownMs: options.consumer?.maxDownMs ?? 120_000,
    },
    decode: { ...defaultAvroLimits, ...options.decode } satisfies AvroLimits,
    signing: options.signing,
    agentSignatures: options.agentSignatures,
    retry: {
      maxAttempts: options.retry?.maxAttempts ?? 5,
      initialDelayMs: options.retry?.initialDelayMs ?? 200,
      maxDelayMs: options.retry?.maxDelayMs ?? 10_000,
      outageBudgetMs: options.retry?.outageBudgetMs ?? 300_000,
    },
  };
}
