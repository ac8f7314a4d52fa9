import type { EventMap, EventType } from '@agora/contracts';

/** What a handler knows about the message it is handling. */
export interface EventContext<T extends EventType = EventType> {
  type: T;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** Kafka headers as text (trace context included). */
  headers: Readonly<Record<string, string>>;
  /** 1 on first delivery to the handler, then 2, 3… on retries of the same message. */
  attempt: number;
  /** Registry id of the schema the producer wrote with. */
  schemaId: number;
  /** Keeps the consumer's group membership alive during a long step. */
  heartbeat(): Promise<void>;
}

/**
 * Handles one event. Throw {@link RetriableError} or {@link FatalError} to say what should happen;
 * any other error is retried with backoff and then dead-lettered. Handlers must be idempotent:
 * a message can be delivered again after a crash or a rebalance.
 */
export type EventHandler<T extends EventType = EventType> = (
  event: EventMap[T],
  context: EventContext<T>,
) => Promise<void> | void;

/** One message of a batch: where it came from, beside its decoded event. */
export interface BatchItem {
  offset: string;
  key: string | null;
  headers: Readonly<Record<string, string>>;
  schemaId: number;
  /** When the producer (or broker, for LogAppendTime topics) stamped the record, in ms. */
  timestamp: number;
}

/** What a batch handler knows about the batch it is handling. */
export interface BatchContext<T extends EventType = EventType> {
  type: T;
  topic: string;
  partition: number;
  /** Index-aligned with the events. */
  items: readonly BatchItem[];
  /** 1 on first delivery to the handler, then 2, 3… on retries of the same batch. */
  attempt: number;
  /** Keeps the consumer's group membership alive during a long step. */
  heartbeat(): Promise<void>;
}

/**
 * Handles several events of one type from one partition, in partition order, so set-based work
 * (one SQL statement for many rows) replaces a round trip per message. Errors are classified as for
 * {@link EventHandler}; when a batch keeps failing, its events are handled one at a time so that
 * only the culprit is dead-lettered. Must be idempotent, like an EventHandler.
 */
export type BatchHandler<T extends EventType = EventType> = (
  events: EventMap[T][],
  context: BatchContext<T>,
) => Promise<void> | void;
