import { randomUUID } from 'node:crypto';
import type { Envelope, Producer } from './generated/events';

/** What {@link newEnvelope} needs to stamp a new event. */
export interface NewEnvelopeOptions {
  /** The service producing the event. */
  readonly producer: Producer;
  /**
   * Goal the event belongs to. Leave it out to inherit the causing event's goal; pass null for
   * an event outside any goal.
   * @default causation?.envelope.goalId ?? null
   */
  readonly goalId?: string | null;
  /**
   * The event this one reacts to: its eventId becomes the causationId, which lets a goal's
   * history be read as a chain of causes.
   * @default undefined, for events started from outside Kafka
   */
  readonly causation?: { readonly envelope: Envelope };
}

/** A fresh envelope: a new random eventId and the current time. */
export function newEnvelope({ producer, goalId, causation }: NewEnvelopeOptions): Envelope {
  return {
    eventId: randomUUID(),
    occurredAt: Date.now(),
    goalId: goalId !== undefined ? goalId : (causation?.envelope.goalId ?? null),
    causationId: causation?.envelope.eventId ?? null,
    producer: { service: producer.service, version: producer.version },
  };
}
