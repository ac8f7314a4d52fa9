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
