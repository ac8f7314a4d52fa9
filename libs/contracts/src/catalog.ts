import type { EventMap, EventType } from './generated/events';
import { topicCatalog } from './generated/topics';

/** The catalog entry of an event type's topic. */
export type TopicOf<T extends EventType> = (typeof topicCatalog)[T];

/** Name of any catalogued topic. */
export type TopicName = TopicOf<EventType>['name'];

/**
 * An event cannot be produced because its key is missing. A programming error, not a transient
 * one: retrying would fail the same way.
 */
export class MissingEventKeyError extends Error {
  override readonly name = 'MissingEventKeyError';

  constructor(
    readonly eventType: EventType,
    readonly keyPath: string,
  ) {
    super(
      `${eventType} has no key: ${keyPath} is empty, but topic ${topicCatalog[eventType].name} is keyed by it`,
    );
  }
}

/** The topic that carries events of `type`. */
export function topicOf<T extends EventType>(type: T): TopicOf<T> {
  return topicCatalog[type];
}

/**
 * The Kafka key of an event, read from its topic's key path. Throws
 * {@link MissingEventKeyError} when the key is null or empty, as `envelope.goalId` is on events
 * outside any goal: a goal event without a goal would otherwise land on an arbitrary partition.
 */
export function keyOf<T extends EventType>(type: T, event: EventMap[T]): string {
  const keyPath = topicCatalog[type].key;
  let value: unknown = event;
  for (const segment of keyPath.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[segment]
        : undefined;
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new MissingEventKeyError(type, keyPath);
  }
  return value;
}

const eventTypesByTopic: ReadonlyMap<string, EventType> = new Map(
  (Object.keys(topicCatalog) as EventType[]).map((type) => [topicCatalog[type].name, type]),
);

/**
 * The event type a topic carries, or undefined for a topic outside the catalog (a dead letter
 * may name one), so callers decide whether that is an error.
 */
export function eventTypeOfTopic(name: string): EventType | undefined {
  return eventTypesByTopic.get(name);
}
