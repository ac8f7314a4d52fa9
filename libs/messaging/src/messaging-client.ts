import { eventTypes, type EventType } from '@agora/contracts';
import type { Logger } from '@agora/observability';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { AccessPolicy } from './access/access-policy';
import { consumerLag, type ConsumerLagReport } from './admin/consumer-lag';
import { AvroCodec } from './codec/avro-codec';
import { DeadLetterStore } from './consumer/dead-letter-store';
import { EventConsumer, type ConsumerOverrides } from './consumer/event-consumer';
import { readKey, type KeyedRecord, type ReadKeyOptions } from './consumer/key-reader';
import { createKafka, createRegistryClient } from './kafka-client';
import {
  resolveMessagingOptions,
  type MessagingOptions,
  type ResolvedMessagingOptions,
} from './messaging-options';
import { EventPublisher } from './publisher/event-publisher';
import { AgentSigner } from './signing/agent-signature';
import { AgentSignatureCheck } from './signing/signature-check';
import { ensureTopics, requireTopics } from './topics/topic-provisioner';
import { TopicNames } from './topics/topic-names';

export interface MessagingHealth {
  ok: boolean;
  /** What failed, for the readiness probe's body. */
  detail?: string;
}

/**
 * Everything a service needs to talk to Kafka, built from one set of options: the producer, the
 * registry-backed codec, and the consumers. It owns their connections and closes them in order.
 */
export class MessagingClient {
  readonly options: ResolvedMessagingOptions;
  readonly topics: TopicNames;
  readonly codec: AvroCodec;
  readonly publisher: EventPublisher;
  /** The catalog's grants for this client's producer service (none for tools and tests). */
  readonly access: AccessPolicy;
  /** The dead-letter topic, read and replayed (for operators' tools). */
  readonly deadLetters: DeadLetterStore;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly consumers: EventConsumer[] = [];
  private readonly signatures: AgentSignatureCheck | undefined;
  private mainConsumer: EventConsumer | undefined;
  private connected = false;

  constructor(
    options: MessagingOptions,
    private readonly logger: Logger,
  ) {
    this.options = resolveMessagingOptions(options);
    this.topics = new TopicNames(this.options.topics.prefix);
    this.access = new AccessPolicy(this.options.producer.service, this.options.topics.prefix);
    this.kafka = createKafka(this.options, logger);
    this.codec = new AvroCodec(
      createRegistryClient(this.options),
      this.topics,
      this.options.decode,
    );
    // Idempotence stops a retried send from writing a duplicate; kafkajs needs one in-flight
    // request per connection for it to keep order.
    // The default partitioner is murmur2, as in the Java client, so keys land on the same
    // partitions whichever client produced them (co-partitioning depends on it).
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = this.kafka.admin();
    const signer = this.options.signing ? new AgentSigner(this.options.signing) : undefined;
    this.publisher = new EventPublisher(
      this.producer,
      this.codec,
      this.topics,
      this.access,
      signer,
    );
    const checking = this.options.agentSignatures;
    if (checking && checking.mode !== 'off') {
      this.signatures = new AgentSignatureCheck(checking, this.options.producer.service, logger);
    }
    if (signer || this.signatures) {
      logger.info(
        {
          signingKeyId: signer?.keyId,
          agentSignatures: checking?.mode ?? 'off',
          registeredKeys: checking?.keys.ids,
        },
        'agent signatures configured',
      );
    }
    this.deadLetters = new DeadLetterStore({
      admin: this.admin,
      producer: this.producer,
      topics: this.topics,
      consumer: (groupId, overrides) => this.unlistedConsumer(groupId, overrides),
    });
  }

  /**
   * Connects, creates missing topics when configured to, and registers every event schema, so a
   * refused schema stops start-up instead of the first publish.
   * @param options.requireTopics throw TopicsMissingError, naming the topics and the prefix,
   *   before registering anything, unless the topics of every type exist; for a client that does
   *   not create topics and has nothing to do without them (the CLI). Off by default, since a
   *   service may not be allowed to see every topic. @default false
   */
  async connect(
    types: readonly EventType[] = eventTypes,
    options: { requireTopics?: boolean } = {},
  ): Promise<void> {
    if (this.connected) return;
    await Promise.all([this.producer.connect(), this.admin.connect()]);
    this.connected = true;
    if (options.requireTopics && !this.options.topics.create) {
      await requireTopics(this.admin, this.topics, types, this.options.kafka.sasl?.username);
    }
    if (this.options.topics.create) {
      const created = await ensureTopics(this.admin, this.topics, {
        replicationFactor: this.options.topics.replicationFactor,
        maxPartitions: this.options.topics.maxPartitions,
        types,
      });
      if (created.length > 0) this.logger.info({ topics: created }, 'created missing topics');
    }
    await this.codec.registerAll(types);
  }

  /** A consumer in this service's group (or another group, for a second independent view). */
  consumer(groupId?: string, overrides?: ConsumerOverrides): EventConsumer {
    const consumer = this.unlistedConsumer(groupId, overrides);
    this.consumers.push(consumer);
    return consumer;
  }

  /** A consumer this client neither health-checks nor stops: its user stops it. */
  private unlistedConsumer(groupId?: string, overrides?: ConsumerOverrides): EventConsumer {
    this.access.checkGroup(groupId ?? this.options.consumer.groupId);
    return new EventConsumer(
      {
        kafka: this.kafka,
        admin: this.admin,
        codec: this.codec,
        topics: this.topics,
        publisher: this.publisher,
        logger: this.logger,
        options: this.options,
        access: this.access,
        signatures: this.signatures,
      },
      groupId,
      overrides,
    );
  }

  /**
   * Every event of `type` written under `key` so far, oldest first, read from the key's
   * partition alone in a throwaway group (which `options.groupId` names; it must be one of the
   * principal's groups). For state kept on a topic per key, such as a task's journal.
   */
  readKey<T extends EventType>(
    type: T,
    key: string,
    options: ReadKeyOptions,
  ): Promise<KeyedRecord<T>[]> {
    return readKey(
      {
        kafka: this.kafka,
        admin: this.admin,
        codec: this.codec,
        topics: this.topics,
        access: this.access,
      },
      type,
      key,
      options,
    );
  }

  /**
   * The consumer of the service's own group, the one its @OnEvent and @OnEventBatch handlers run
   * in; services use it to ask how far a partition has been read or to pause it.
   */
  serviceConsumer(): EventConsumer {
    this.mainConsumer ??= this.consumer();
    return this.mainConsumer;
  }

  /**
   * How far each group is behind on the catalog topics it has committed offsets on, for
   * dashboards; group ids and topics as named on the broker (the deployment's prefix included).
   * Groups and topics the broker will not describe to this principal are listed apart.
   */
  consumerLag(groupIds: readonly string[]): Promise<ConsumerLagReport> {
    return consumerLag(this.admin, this.topics, groupIds);
  }

  /**
   * Liveness: false once a consumer has been down for longer than consumer.maxDownMs, though it
   * keeps trying to come back; a process in that state only looks alive. Touches no broker.
   */
  liveness(): MessagingHealth {
    const limit = this.options.consumer.maxDownMs;
    const dead = this.consumers.find((c) => c.downForMs > limit);
    if (!dead) return { ok: true };
    return {
      ok: false,
      detail: `consumer group ${dead.groupId} has been down for ${Math.round(dead.downForMs / 1000)} s`,
    };
  }

  async health(timeoutMs = 2_000): Promise<MessagingHealth> {
    const sick = this.consumers.find((c) => !c.healthy);
    if (sick) return { ok: false, detail: `consumer group ${sick.groupId} is not running` };
    try {
      await withTimeout(this.admin.describeCluster(), timeoutMs, 'kafka did not answer');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Graceful shutdown: consumers first (finish in-flight work, commit), then the producer. */
  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    this.consumers.length = 0;
    this.mainConsumer = undefined;
    if (!this.connected) return;
    this.connected = false;
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** The underlying kafkajs client, for this library's tests and tools only. */
  get rawKafka(): Kafka {
    return this.kafka;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
