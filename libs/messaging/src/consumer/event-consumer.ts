import type { EventMap, EventType } from '@agora/contracts';
import { counter, histogram, type Logger } from '@agora/observability';
import {
  PartitionAssigners,
  type Admin,
  type Batch,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
} from 'kafkajs';
import type { AccessPolicy } from '../access/access-policy';
import type { AvroCodec, DecodedEvent } from '../codec/avro-codec';
import {
  classifyError,
  isOutage,
  UndecodableMessageError,
  type ErrorClassification,
} from '../errors/messaging-errors';
import type { ResolvedMessagingOptions } from '../messaging-options';
import type { EventPublisher } from '../publisher/event-publisher';
import type { AgentSignatureCheck } from '../signing/signature-check';
import type { TopicNames } from '../topics/topic-names';
import { headersToStrings, withBatchSpan, withConsumerSpan } from '../tracing/trace-headers';
import { CoPartitionedAssigner } from './co-partitioned-assigner';
import { toDeadLetter } from './dead-letter';
import type { BatchHandler, BatchItem, EventContext, EventHandler } from './event-handler';
import { ReadThroughTracker } from './read-through';

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
  'Time to handle one message (or one batch, for batch handlers), retries included.',
  ['topic'],
);
const batchSizes = histogram(
  'agora_consumer_batch_size',
  'Events passed to a batch handler at once.',
  ['topic'],
  [1, 2, 5, 10, 20, 50, 100, 200, 500],
);

const restarts = counter(
  'agora_consumer_restarts_total',
  'Consumers started again after kafkajs gave up on them (a crash it does not restart from).',
  ['group'],
);

/** First and longest pause between attempts to bring a crashed consumer back. */
const RECOVER_INITIAL_MS = 1_000;
const RECOVER_MAX_MS = 30_000;

/** Longest stop() waits for the batches in hand before committing and leaving. */
const STOP_WAIT_MS = 15_000;

/** How often a message stuck in retries tells the group coordinator it is still alive. */
const HEARTBEAT_DURING_RETRY_MS = 3_000;

/** Per-consumer settings that differ from the client's. */
export interface ConsumerOverrides {
  /**
   * Where a new group starts reading. A per-process group that only wants replies to its own
   * requests starts at the end. @default the client's consumer.fromBeginning
   */
  fromBeginning?: boolean;
  /** Partitions handled at once by this member. @default the client's consumer.partitionsConsumedConcurrently */
  concurrency?: number;
  /** Most events passed to one call of a batch handler. @default 500 */
  maxBatchSize?: number;
  /**
   * Commit offsets. A throwaway group that rebuilds in-memory state from a compacted topic at
   * every start leaves nothing behind when it does not commit. @default true
   */
  commit?: boolean;
}

export interface EventConsumerDeps {
  kafka: Kafka;
  admin: Admin;
  codec: AvroCodec;
  topics: TopicNames;
  /** Used to publish dead letters. */
  publisher: EventPublisher;
  logger: Logger;
  options: ResolvedMessagingOptions;
  /** The catalog's grants: a handler for a topic the principal may not read is refused. */
  access?: AccessPolicy;
  /** Checks agents' signatures on agent events, after decoding and before the handler. */
  signatures?: AgentSignatureCheck;
}

type Decoded = { message: KafkaMessage; event: EventMap[EventType]; item: BatchItem };

/**
 * One consumer group member that dispatches what it reads to the handler of each event type:
 * per message (`on`) or per batch (`onBatch`, for set-based work).
 *
 * Per message: decode (undecodable → dead-letter at once) → check the agent's signature when
 * configured (refused → dead-letter at once, as fatal) → handle inside a span that continues
 * the producer's trace → on error, retry with exponential backoff while the error is retriable →
 * otherwise dead-letter the original bytes and move on. A batch is retried as a whole; if it still
 * fails, its events are handled one by one so only the culprit is dead-lettered. Offsets are
 * committed only for what was handled or dead-lettered, so a crash re-delivers rather than loses.
 *
 * Partition p of every subscribed topic goes to the same member ({@link CoPartitionedAssigner}),
 * and {@link readThrough} tells how far each owned partition has been read, for deadlines that
 * must not fire while the events that would meet them are still unread.
 */
export class EventConsumer {
  private readonly handlers = new Map<EventType, EventHandler>();
  private readonly batchHandlers = new Map<EventType, BatchHandler>();
  private readonly tracker = new ReadThroughTracker();
  private readonly assignmentListeners: (() => void)[] = [];
  private consumer: Consumer | undefined;
  private readonly stopping = new AbortController();
  /** Batches being handled now, and the last one's commit functions, for a final commit. */
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private lastPayload: EachBatchPayload | undefined;
  /** Set while the consumer is down (crashed, or not joined yet); cleared once it runs. */
  private downSince: number | undefined;
  private started = false;
  private recovering = false;

  constructor(
    private readonly deps: EventConsumerDeps,
    readonly groupId: string = deps.options.consumer.groupId,
    private readonly overrides: ConsumerOverrides = {},
  ) {}

  on<T extends EventType>(type: T, handler: EventHandler<T>): this {
    this.register(type);
    this.handlers.set(type, handler as unknown as EventHandler);
    return this;
  }

  onBatch<T extends EventType>(type: T, handler: BatchHandler<T>): this {
    this.register(type);
    this.batchHandlers.set(type, handler as unknown as BatchHandler);
    return this;
  }

  /** Called after every rebalance, once this member's partitions are known. */
  onAssignment(listener: () => void): this {
    this.assignmentListeners.push(listener);
    return this;
  }

  get eventTypes(): EventType[] {
    return [...this.handlers.keys(), ...this.batchHandlers.keys()];
  }

  /** True while the consumer is running and has not crashed. */
  get healthy(): boolean {
    return this.consumer !== undefined && this.downSince === undefined;
  }

  /** How long the consumer has been down without coming back; 0 while it runs. */
  get downForMs(): number {
    return this.downSince === undefined ? 0 : Date.now() - this.downSince;
  }

  /** Partitions of an event type's topic that this member owns now. */
  ownedPartitions(type: EventType): number[] {
    return this.tracker.owned(this.deps.topics.topic(type));
  }

  /**
   * Per owned partition of `type`'s topic, the latest wall-clock time through which everything
   * written to it has been handled (0 while unknown). A deadline at time d on partition p may be
   * judged only once readThrough(p) ≥ d: before that, an event written in time may still be unread.
   */
  readThrough(type: EventType): Promise<Map<number, number>> {
    return this.tracker.readThrough(this.deps.topics.topic(type), this.deps.admin, {
      groupId: this.groupId,
      fromBeginning: this.fromBeginning,
    });
  }

  /**
   * Waits until every owned partition of each type's topic has been read through `since` (a
   * wall-clock time, usually when start-up began): the way a reader of a compacted topic knows
   * it holds the whole state. Resolves true then, false when `timeoutMs` passes first or the
   * consumer stops. An offset read that fails (the broker not ready yet) is tried again.
   */
  async caughtUp(
    types: readonly EventType[],
    since: number,
    options: { timeoutMs?: number; pollMs?: number } = {},
  ): Promise<boolean> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (!this.stopping.signal.aborted) {
      const marks = await Promise.all(types.map((t) => this.readThrough(t))).catch(() => []);
      const done =
        marks.length === types.length &&
        marks.every((m) => m.size > 0 && [...m.values()].every((t) => t >= since));
      if (done) return true;
      if (Date.now() > deadline) return false;
      await abortableDelay(options.pollMs ?? 50, this.stopping.signal);
    }
    return false;
  }

  /** Stops fetching the given event types (all when none given) until {@link resume}. */
  pause(types: readonly EventType[] = this.eventTypes): void {
    this.consumer?.pause(types.map((t) => ({ topic: this.deps.topics.topic(t) })));
  }

  resume(types: readonly EventType[] = this.eventTypes): void {
    this.consumer?.resume(types.map((t) => ({ topic: this.deps.topics.topic(t) })));
  }

  /**
   * Joins the group and starts handling. Resolves once partitions are assigned and their start
   * offsets fixed, so a caller knows every message produced from now on will be seen.
   *
   * kafkajs restarts a consumer after errors it deems retriable and abandons it after the others
   * (a coordinator not found after a broker restart, a group protocol refused): such a consumer
   * would never fetch again while its process looks alive. Here it is started again, with
   * backoff, until it runs or the consumer is stopped; {@link downForMs} tells for how long it
   * has been down, for the liveness probe. A join refused at start-up is retried the same way.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.downSince = Date.now();
    try {
      await this.launch();
    } catch (error) {
      await this.recover(error);
    }
    if (!this.stopping.signal.aborted) {
      this.deps.logger.info({ group: this.groupId, events: this.eventTypes }, 'consumer started');
    }
  }

  /** Creates a kafkajs consumer, joins, and resolves after its first fetch; rejects on a crash before. */
  private async launch(): Promise<void> {
    const { kafka, options, topics, logger } = this.deps;
    const consumer = kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: options.consumer.maxWaitTimeInMs,
      sessionTimeout: options.consumer.sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, Math.floor(options.consumer.sessionTimeoutMs / 3)),
      // A single-message fetch wakes up as soon as one message arrives.
      minBytes: 1,
      // Round-robin stays second so a group mid-upgrade still agrees on an assigner.
      partitionAssigners: [CoPartitionedAssigner, PartitionAssigners.roundRobin],
    });
    this.consumer = consumer;
    this.lastPayload = undefined;
    let running = false;
    // Joining is not enough: a group without committed offsets fixes where it starts reading
    // ("latest" for fromBeginning: false) only when it first fetches, and a message produced in
    // between would be skipped. So start() resolves after the first fetch that follows the join.
    let failed: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      failed = reject;
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const assignment = event.payload.memberAssignment as Record<string, number[]>;
        for (const type of this.eventTypes) {
          const topic = topics.topic(type);
          this.tracker.assign(topic, assignment[topic] ?? []);
        }
        for (const listener of this.assignmentListeners) listener();
        const removeListener = consumer.on(consumer.events.FETCH, () => {
          removeListener();
          running = true;
          this.downSince = undefined;
          resolve();
        });
      });
    });
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      logger.error({ err: error, group: this.groupId, restart }, 'consumer crashed');
      if (restart) return; // kafkajs starts it again itself
      this.downSince ??= Date.now();
      if (!running) failed(error);
      else if (this.consumer === consumer) void this.recover(error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: this.eventTypes.map((type) => topics.topic(type)),
        fromBeginning: this.fromBeginning,
      });
      // kafkajs would commit after every batch; under load that is a request per batch per
      // partition. Offsets are committed at most every commitIntervalMs instead (a crash replays
      // at most that much, and handlers are idempotent), and once more when the consumer stops.
      await consumer.run({
        partitionsConsumedConcurrently:
          this.overrides.concurrency ?? options.consumer.partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        autoCommit: false,
        autoCommitInterval: options.consumer.commitIntervalMs,
        eachBatch: (payload) => this.trackBatch(payload),
      });
      await ready;
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Starts the consumer again, with backoff, until it runs or stop() is called. */
  private async recover(cause: unknown): Promise<void> {
    if (this.recovering) return;
    this.recovering = true;
    const { logger } = this.deps;
    try {
      await this.consumer?.disconnect().catch(() => undefined);
      for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
        const waitMs = Math.min(RECOVER_MAX_MS, RECOVER_INITIAL_MS * 2 ** (attempt - 1));
        logger.warn(
          {
            reason: cause instanceof Error ? cause.message : String(cause),
            group: this.groupId,
            attempt,
            downForMs: this.downForMs,
            waitMs,
          },
          `consumer group ${this.groupId} is down; starting it again in ${waitMs} ms`,
        );
        await abortableDelay(waitMs, this.stopping.signal);
        if (this.stopping.signal.aborted) return;
        try {
          await this.launch();
          restarts.inc({ group: this.groupId });
          logger.warn({ group: this.groupId, attempt }, 'consumer running again');
          return;
        } catch (error) {
          cause = error;
        }
      }
    } finally {
      this.recovering = false;
    }
  }

  /** Stops fetching, lets in-flight handlers finish (retry waits are cut short), commits, leaves the group. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const consumer = this.consumer;
    if (!consumer) return;
    // Stop fetching, let the batches in hand finish, commit what they handled, then leave.
    consumer.pause(this.eventTypes.map((t) => ({ topic: this.deps.topics.topic(t) })));
    if (this.inFlight > 0) {
      // Bounded: a handler that never returns must not hold the shutdown for ever.
      await Promise.race([
        new Promise<void>((resolve) => (this.idle = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref()),
      ]);
    }
    await this.commitHandled();
    await consumer.disconnect();
    this.consumer = undefined;
    this.deps.logger.info({ group: this.groupId }, 'consumer stopped');
  }

  private register(type: EventType): void {
    if (this.started) throw new Error(`consumer ${this.groupId}: add handlers before start()`);
    this.deps.access?.checkSubscribe(type);
    if (this.handlers.has(type) || this.batchHandlers.has(type)) {
      throw new Error(`consumer ${this.groupId}: a handler for ${type} is already registered`);
    }
  }

  private get fromBeginning(): boolean {
    return this.overrides.fromBeginning ?? this.deps.options.consumer.fromBeginning;
  }

  private async trackBatch(payload: EachBatchPayload): Promise<void> {
    this.inFlight += 1;
    this.lastPayload = payload;
    try {
      await this.handleBatch(payload);
      if (this.commits) await payload.commitOffsetsIfNecessary();
    } catch (error) {
      if (!(error instanceof StaleBatchError)) throw error;
      this.deps.logger.info(
        { group: this.groupId, topic: payload.batch.topic, partition: payload.batch.partition },
        'partition reassigned during retries; its new owner reads the rest',
      );
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  private get commits(): boolean {
    return this.overrides.commit ?? true;
  }

  /** Commits every offset handled and not committed yet. */
  private async commitHandled(): Promise<void> {
    const payload = this.lastPayload;
    if (!payload || !this.commits) return;
    try {
      await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
    } catch (err) {
      // The next member replays from the last commit: handlers are idempotent.
      this.deps.logger.warn({ err, group: this.groupId }, 'final offset commit failed');
    }
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const type = this.deps.topics.eventTypeOf(batch.topic);
    if (!type || !(this.handlers.has(type) || this.batchHandlers.has(type))) {
      // Subscriptions come from the handlers, so this means a topic was renamed under us.
      throw new Error(`consumer ${this.groupId}: no handler for topic ${batch.topic}`);
    }
    const batchHandler = this.batchHandlers.get(type);
    const size = batchHandler ? (this.overrides.maxBatchSize ?? 500) : 1;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(start, start + size);
      if (batchHandler) await this.handleChunk(type, batchHandler, batch, chunk, payload);
      else await this.handleMessage(type, batch, chunk[0] as KafkaMessage, payload);
      const last = chunk[chunk.length - 1] as KafkaMessage;
      payload.resolveOffset(last.offset);
      this.tracker.handled(batch.topic, batch.partition, Number(last.offset) + 1);
      await payload.heartbeat();
    }
  }

  private async handleMessage(
    type: EventType,
    batch: Batch,
    message: KafkaMessage,
    payload: EachBatchPayload,
  ): Promise<void> {
    const { topic, partition } = batch;
    const handler = this.handlers.get(type) as EventHandler;
    const heartbeat = () => payload.heartbeat();
    const headers = headersToStrings(message.headers);
    const stopTimer = handleSeconds.startTimer({ topic });
    await withConsumerSpan(
      { topic, partition, offset: message.offset, headers, group: this.groupId },
      async (span) => {
        span.setAttribute('agora.event.type', type);
        let decoded: EventMap[EventType] | undefined;
        let attempts = 0;
        try {
          const { event, schemaId } = await this.decodeWithRetry(type, message.value, payload);
          decoded = event;
          this.deps.signatures?.check(type, event, message.value, headers);
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
          await this.runWithRetry(payload, async (attempt) => {
            attempts = attempt;
            await handler(event, { ...context, attempt });
          });
          consumed.inc({ topic, outcome: 'handled' });
        } catch (error) {
          if (this.stopping.signal.aborted || error instanceof StaleBatchError) {
            // Shutting down mid-retry: leave the offset uncommitted so another member takes over.
            throw error;
          }
          await this.deadLetter(batch, message, error, Math.max(attempts, 1), decoded);
        } finally {
          stopTimer();
        }
      },
    );
  }

  private async handleChunk(
    type: EventType,
    handler: BatchHandler,
    batch: Batch,
    messages: KafkaMessage[],
    payload: EachBatchPayload,
  ): Promise<void> {
    const { topic, partition } = batch;
    const heartbeat = () => payload.heartbeat();
    const decoded: Decoded[] = [];
    for (const message of messages) {
      let event: EventMap[EventType] | undefined;
      try {
        const result = await this.decodeWithRetry(type, message.value, payload);
        event = result.event;
        const item = itemOf(message, result.schemaId);
        this.deps.signatures?.check(type, event, message.value, item.headers);
        decoded.push({ message, event, item });
      } catch (error) {
        if (this.stopping.signal.aborted || error instanceof StaleBatchError) throw error;
        await this.deadLetter(batch, message, error, 1, event);
      }
    }
    if (decoded.length === 0) return;
    const stopTimer = handleSeconds.startTimer({ topic });
    batchSizes.observe({ topic }, decoded.length);
    const run = (items: Decoded[], attempt: number) =>
      handler(
        items.map((d) => d.event),
        { type, topic, partition, items: items.map((d) => d.item), attempt, heartbeat },
      );
    try {
      await withBatchSpan(
        { topic, partition, group: this.groupId, headers: decoded.map((d) => d.item.headers) },
        () => this.runWithRetry(payload, (attempt) => run(decoded, attempt)),
      );
      consumed.inc({ topic, outcome: 'handled' }, decoded.length);
    } catch (error) {
      if (this.stopping.signal.aborted || error instanceof StaleBatchError) throw error;
      this.deps.logger.warn(
        { err: error, topic, partition, events: decoded.length },
        'batch failed; splitting it to find the events that fail',
      );
      await this.bisect(batch, decoded, classifyError(error), payload, run);
    } finally {
      stopTimer();
    }
  }

  /**
   * Handles the halves of a failed batch, and their halves while they fail, so one poison event
   * among n costs about 2·log2(n) calls rather than n; only events that fail alone are
   * dead-lettered. After a fatal error the halves get their usual retries; when retries already
   * ran out on the whole batch (a lasting outage), one more try each is enough.
   */
  private async bisect(
    batch: Batch,
    items: Decoded[],
    previous: ErrorClassification,
    payload: EachBatchPayload,
    run: (items: Decoded[], attempt: number) => Promise<void> | void,
  ): Promise<void> {
    const middle = Math.ceil(items.length / 2);
    for (const half of [items.slice(0, middle), items.slice(middle)]) {
      if (half.length === 0) continue;
      let attempts = 0;
      try {
        await this.runWithRetry(
          payload,
          (attempt) => {
            attempts = attempt;
            return run(half, attempt);
          },
          previous === 'retriable' ? 1 : undefined,
        );
        consumed.inc({ topic: batch.topic, outcome: 'handled' }, half.length);
      } catch (error) {
        if (this.stopping.signal.aborted || error instanceof StaleBatchError) throw error;
        const one = half.length === 1 ? half[0] : undefined;
        if (one) await this.deadLetter(batch, one.message, error, Math.max(attempts, 1), one.event);
        else await this.bisect(batch, half, classifyError(error), payload, run);
      }
    }
  }

  /**
   * Runs `fn` until it succeeds, retrying retriable errors with exponential backoff:
   * - an outage (a dependency unreachable: connection refused or lost, the registry down, a
   *   {@link RetriableError}) is waited out for up to retry.outageBudgetMs, however many attempts
   *   that takes, so a database restart delays events instead of dead-lettering them;
   * - other retriable errors get `maxAttempts` tries in all.
   * The partition makes no progress meanwhile (the others do); heartbeats keep the member in its
   * group, and a rebalance that takes the partition away ends the wait with {@link StaleBatchError}
   * (nothing is committed, so the new owner reads the events again).
   */
  private async runWithRetry(
    payload: EachBatchPayload,
    fn: (attempt: number) => unknown,
    maxAttempts = this.deps.options.retry.maxAttempts,
  ): Promise<void> {
    const { initialDelayMs, maxDelayMs, outageBudgetMs } = this.deps.options.retry;
    const started = Date.now();
    await this.withHeartbeats(
      () => payload.heartbeat(),
      async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            await fn(attempt);
            return;
          } catch (error) {
            if (classifyError(error) !== 'retriable') throw error;
            const outage = isOutage(error);
            const exhausted = outage
              ? Date.now() - started >= outageBudgetMs
              : attempt >= maxAttempts;
            if (exhausted || this.stopping.signal.aborted) throw error;
            if (outage && attempt % 5 === 0) {
              this.deps.logger.warn(
                {
                  reason: errorText(error),
                  group: this.groupId,
                  attempt,
                  waitedMs: Date.now() - started,
                },
                'a dependency is unavailable; the partition waits for it',
              );
            }
            const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
            await abortableDelay(delay * (0.8 + Math.random() * 0.4), this.stopping.signal);
            if (this.stopping.signal.aborted) throw error;
            if (!payload.isRunning() || payload.isStale()) throw new StaleBatchError(error);
          }
        }
      },
    );
  }

  /** Registry outages are retried; bytes that can never decode fail at once. */
  private async decodeWithRetry(
    type: EventType,
    value: Buffer | null,
    payload: EachBatchPayload,
  ): Promise<DecodedEvent> {
    try {
      return await this.deps.codec.decode(type, value);
    } catch (error) {
      // Only a registry outage is worth waiting for; the retry loop (and its heartbeat timer) is
      // entered then, not for every message.
      if (classifyError(error) !== 'retriable') throw error;
      let decoded: DecodedEvent | undefined;
      await this.runWithRetry(payload, async () => {
        decoded = await this.deps.codec.decode(type, value);
      });
      return decoded as DecodedEvent;
    }
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
    batch: Batch,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
    decoded: EventMap[EventType] | undefined,
  ): Promise<void> {
    const { topic, partition } = batch;
    const classification: ErrorClassification = classifyError(error);
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
    consumed.inc({ topic, outcome: 'dead_lettered' });
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

function itemOf(message: KafkaMessage, schemaId: number): BatchItem {
  return {
    offset: message.offset,
    key: message.key?.toString() ?? null,
    headers: headersToStrings(message.headers),
    schemaId,
    timestamp: Number(message.timestamp),
  };
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** The partition was taken away while its batch waited; the batch is abandoned uncommitted. */
class StaleBatchError extends Error {
  constructor(cause: unknown) {
    super('partition reassigned while its batch was being retried', { cause });
    this.name = 'StaleBatchError';
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
