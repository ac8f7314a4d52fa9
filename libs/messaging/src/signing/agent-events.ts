import {
  eventSchemas,
  eventTypes,
  principalCatalog,
  topicCatalog,
  type EventType,
} from '@agora/contracts';

/** Principals that may bid: the catalog's agents (`executor`, and any team principal like it). */
const agentPrincipals = new Set<string>(topicCatalog.BidSubmitted.producers);

/** Fields of an event type's record, from its Avro schema. */
function fieldNames(type: EventType): string[] {
  const fields = (eventSchemas[type] as { fields?: { name: string }[] }).fields ?? [];
  return fields.map((f) => f.name);
}

/**
 * The agent events: those an agent principal may write that name an agent (`agentId`), taken from
 * the catalog, so a new agent topic is covered the day it is added. Today BidSubmitted,
 * TaskProgress, TaskCompleted, TaskFailed and AgentHeartbeat (and the task journal).
 */
export const agentEventTypes: readonly EventType[] = eventTypes.filter(
  (type) =>
    (topicCatalog[type].producers as readonly string[]).some((p) => agentPrincipals.has(p)) &&
    fieldNames(type).includes('agentId'),
);

/**
 * The services that write an agent event type too, by type: the auction's and the planner's
 * TaskFailed (`lease_expired`, `released`, `unallocatable`, `wait_exceeded`, `cancelled`). Such an
 * event names its service in `envelope.producer.service`, which anyone can write: it must be
 * signed by a platform key of that service.
 */
const platformWritersByType: ReadonlyMap<EventType, ReadonlySet<string>> = new Map(
  agentEventTypes.map((type) => [
    type,
    new Set(
      (topicCatalog[type].producers as readonly string[]).filter(
        (p) =>
          !agentPrincipals.has(p) &&
          (principalCatalog as Record<string, { kind: string }>)[p]?.kind === 'service',
      ),
    ),
  ]),
);

/** The services that write `type` although it is an agent event; empty for the others. */
export function platformWritersOf(type: EventType): ReadonlySet<string> {
  return platformWritersByType.get(type) ?? new Set();
}

/** Every service that writes an agent event: those a platform key may be registered for. */
export const platformServices: readonly string[] = [
  ...new Set([...platformWritersByType.values()].flatMap((s) => [...s])),
].sort();
