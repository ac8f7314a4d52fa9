import type { EventMap, EventType } from '@agora/contracts';
import { counter, histogram, type Logger } from '@agora/observability';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { AvroCodec } from '../codec/avro-codec';
import {
  classifyError,
  UndecodableMessageError,
  type ErrorClassification,
} from '../errors/messaging-errors';
import type { ResolvedMessagingOptions } from '../messaging-options';
import type { EventPublisher } from '../publisher/event-publisher';
import type { TopicNames } from '../topics/topic-names';
import { headersToStrings, withConsumerSpan } from '../tracing/trace-headers';
import { toDeadLetter } from './dead-letter';
import type { EventContext, EventHandler } from './event-handler';

const consumed = counter(
  'agora_messages_consumed_total',
  'Messages consumed, by topic and outcome.',
  ['topic', 'outcome'],
);
const deadLettered = counter(
  'agora_dead_letters_total',
  'Messages sent to the dead-letter topic.',
  ['topic', 'classification'],
);
const handleSeconds = histogram(
  'agora_message_handle_seconds',
  'Time to handle one message, retries included.',
  ['topic'],
);

/** How often a message stuck in retries tells the group coordinator it is still alive. */
const HEARTBEAT_DURING_RETRY_MS = 3_000;

/** Per-consumer settings that differ from the client's. */
export interface ConsumerOverrides {
  /**
   * Where a new group starts reading. A per-process group that only wants replies to its own
   * requests starts at the end. @default the client's consumer.fromBeginning
   */
  fromBeginning?: boolean;
}

export interface EventConsumerDeps {
  kafka: Kafka;
  codec: AvroCodec;
  topics: TopicNames;
  /** Used to publish dead letters. */
  publisher: EventPublisher;
  logger: Logger;
  options: ResolvedMessagingOptions;
}

/**
 * One consumer group member that dispatches each message to the handler of its event type.
 *
 * Per message: decode (undecodable → dead-letter at once) → handle inside a span that continues
 * the producer's trace → on error, retry with exponential backoff while the error is retriable →
 * otherwise dead-letter the original bytes and move on. The offset is committed only after the
 * message was handled or dead-lettered, so a crash re-delivers it rather than losing it.
 */
export class EventConsumer {
  private readonly handlers = new Map<EventType, EventHandler>();
  private consumer: Consumer | undefined;
  private readonly stopping = new AbortController();
  private crashed: Error | undefined;

  constructor(
    private readonly deps: EventConsumerDeps,
    readonly groupId: string = deps.options.consumer.groupId,
    private readonly overrides: ConsumerOverrides = {},
  ) {}

  on<T extends EventType>(type: T, handler: EventHandler<T>): this {
    if (this.consumer) throw new Error(`consumer ${this.groupId}: add handlers before start()`);
    if (this.handlers.has(type)) {
      throw new Error(`consumer ${this.groupId}: a handler for ${type} is already registered`);
    }
    this.handlers.set(type, handler as unknown as EventHandler);
    return this;
  }

  get eventTypes(): EventType[] {
    return [...this.handlers.keys()];
  }

  /** True while the consumer is running and has not crashed. */
  get healthy(): boolean {
    return this.consumer !== undefined && this.crashed === undefined;
  }

  /**
   * Joins the group and starts handling. Resolves once partitions are assigned and their start
   * offsets fixed, so a caller knows every message produced from now on will be seen.
   */
  async start(): Promise<void> {
    if (this.consumer) return;
    const { kafka, options, topics, logger } = this.deps;
    const consumer = kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: options.consumer.maxWaitTimeInMs,
      sessionTimeout: options.consumer.sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, Math.floor(options.consumer.sessionTimeoutMs / 3)),
      // A single-message fetch wakes up as soon as one message arrives.
      minBytes: 1,
    });
    this.consumer = consumer;
    // Joining is not enough: a group without committed offsets fixes where it starts reading
    // ("latest" for fromBeginning: false) only when it first fetches, and a message produced in
    // between would be skipped. So start() resolves after the first fetch that follows the join.
    const ready = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        const removeListener = consumer.on(consumer.events.FETCH, () => {
          removeListener();
          resolve();
        });
      });
    });
    consumer.on(consumer.events.CRASH, (event) => {
      const error = event.payload.error;
      this.crashed = error;
      logger.error(
        { err: error, group: this.groupId, restart: event.payload.restart },
        'consumer crashed',
      );
      if (event.payload.restart) this.crashed = undefined;
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: this.eventTypes.map((type) => topics.topic(type)),
      fromBeginning: this.overrides.fromBeginning ?? options.consumer.fromBeginning,
    });
    await consumer.run({
      partitionsConsumedConcurrently: options.consumer.partitionsConsumedConcurrently,
      eachMessage: (payload) => this.handleMessage(payload),
    });
    await ready;
    logger.info({ group: this.groupId, events: this.eventTypes }, 'consumer started');
  }

  /** Stops fetching, lets in-flight handlers finish (retry waits are cut short), commits, leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.stopping.abort();
    await consumer.disconnect();
    this.consumer = undefined;
    this.deps.logger.info({ group: this.groupId }, 'consumer stopped');
  }

  private async handleMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const heartbeat = () => payload.heartbeat();
    const headers = headersToStrings(message.headers);
    const stopTimer = handleSeconds.startTimer({ topic });
    await withConsumerSpan(
      { topic, partition, offset: message.offset, headers, group: this.groupId },
      async (span) => {
        const type = this.deps.topics.eventTypeOf(topic);
        const handler = type ? this.handlers.get(type) : undefined;
        if (!type || !handler) {
          // Subscriptions come from the handlers, so this means a topic was renamed under us.
          throw new Error(`consumer ${this.groupId}: no handler for topic ${topic}`);
        }
        span.setAttribute('agora.event.type', type);
        let decoded: EventMap[EventType] | undefined;
        let attempts = 0;
        try {
          const { event, schemaId } = await this.decodeWithRetry(type, message.value);
          decoded = event;
          if (event.envelope.goalId) span.setAttribute('agora.goal.id', event.envelope.goalId);
          const context: Omit<EventContext, 'attempt'> = {
            type,
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            headers,
            schemaId,
            heartbeat,
          };
          await this.withHeartbeats(heartbeat, () =>
            this.retryPolicy().execute(async () => {
              attempts += 1;
              await handler(event, { ...context, attempt: attempts });
            }, this.stopping.signal),
          );
          consumed.inc({ topic, outcome: 'handled' });
        } catch (error) {
          if (this.stopping.signal.aborted) {
            // Shutting down mid-retry: leave the offset uncommitted so another member takes over.
            throw error;
          }
          const classification: ErrorClassification = classifyError(error);
          await this.deadLetter(payload, error, classification, Math.max(attempts, 1), decoded);
          consumed.inc({ topic, outcome: 'dead_lettered' });
        } finally {
          stopTimer();
        }
      },
    );
  }

  /** Registry outages are retried; bytes that can never decode fail at once. */
  private decodeWithRetry(type: EventType, value: Buffer | null) {
    return this.retryPolicy().execute(
      () => this.deps.codec.decode(type, value),
      this.stopping.signal,
    );
  }

  private retryPolicy() {
    const { retry: r } = this.deps.options;
    return retry(
      handleWhen((error) => classifyError(error) === 'retriable'),
      {
        maxAttempts: r.maxAttempts - 1,
        backoff: new ExponentialBackoff({ initialDelay: r.initialDelayMs, maxDelay: r.maxDelayMs }),
      },
    );
  }

  private async withHeartbeats<T>(
    heartbeat: () => Promise<void>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const timer = setInterval(() => {
      heartbeat().catch(() => undefined);
    }, HEARTBEAT_DURING_RETRY_MS);
    try {
      return await fn();
    } finally {
      clearInterval(timer);
    }
  }

  private async deadLetter(
    payload: EachMessagePayload,
    error: unknown,
    classification: ErrorClassification,
    attempts: number,
    decoded: EventMap[EventType] | undefined,
  ): Promise<void> {
    const { topic, partition, message } = payload;
    const record = toDeadLetter({
      producer: this.deps.options.producer,
      message,
      topic,
      partition,
      consumerGroup: this.groupId,
      error,
      classification,
      attempts,
      decoded,
    });
    // If this publish fails the error escapes, kafkajs re-delivers the message: nothing is lost.
    await this.deps.publisher.publish('DeadLetter', record);
    deadLettered.inc({ topic, classification });
    this.deps.logger.warn(
      {
        err: error,
        topic,
        partition,
        offset: message.offset,
        classification,
        attempts,
        undecodable: error instanceof UndecodableMessageError,
      },
      'message dead-lettered',
    );
  }
}
