import { eventSchemas, type EventType } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import avro from 'avsc';

const long = avro.Type.forSchema('long');

/**
 * The Avro body of a sample `type` event in which the field `field` is replaced by raw bytes:
 * how a hostile or broken producer writes a count or a length that its body does not hold.
 */
export function avroBodyWith(type: EventType, raw: Record<string, Buffer>): Buffer {
  const record = avro.Type.forSchema(eventSchemas[type] as avro.Schema) as avro.types.RecordType;
  const sample = sampleEvent(type) as unknown as Record<string, unknown>;
  return Buffer.concat(record.fields.map((f) => raw[f.name] ?? f.type.toBuffer(sample[f.name])));
}

/** A zig-zag varint, as Avro writes counts and lengths. */
export function avroLong(n: number): Buffer {
  return long.toBuffer(n);
}

/**
 * The map bomb: the body of a `type` event whose first top-level map or array claims 2^50
 * entries in a message of a few hundred bytes; undefined for events without one.
 */
export function avroEntriesBomb(type: EventType): { field: string; body: Buffer } | undefined {
  const record = avro.Type.forSchema(eventSchemas[type] as avro.Schema) as avro.types.RecordType;
  const container = record.fields.find((f) => ['map', 'array'].includes(f.type.typeName));
  if (!container) return undefined;
  return {
    field: container.name,
    body: avroBodyWith(type, { [container.name]: avroLong(2 ** 50) }),
  };
}

/**
 * Event types the services read that hold a map or an array: where a map bomb can go. (Events
 * that only tools read, GoalPlanned say, would be dead-lettered by nobody.)
 */
export const bombableInputs = [
  'GoalSubmitted',
  'TaskReady',
  'AgentHeartbeat',
  'AgentReputation',
  'CallForProposals',
  'TaskAwarded',
  'MemorySearchRequested',
  'MemorySearchCompleted',
] as const satisfies readonly EventType[];
