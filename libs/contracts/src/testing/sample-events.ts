import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type } from 'avsc';
import { eventSchemas, type EventMap, type EventType } from '../generated/events';
import { fromFixture } from './fixture-codec';

/**
 * schemas/fixtures: one realistic sample per event type (`<EventType>.json`) and its golden
 * Avro encoding (`<EventType>.hex`).
 */
export const fixturesDir = resolve(__dirname, '../../../../schemas/fixtures');

const samples = new Map<EventType, { readonly type: Type; readonly json: unknown }>();

/**
 * A realistic event of the given type, read from its fixture: the same sample the wire-format
 * tests pin to golden bytes. Each call returns a fresh copy, so a test may change it freely.
 */
export function sampleEvent<T extends EventType>(type: T): EventMap[T] {
  let sample = samples.get(type);
  if (sample === undefined) {
    const file = resolve(fixturesDir, `${type}.json`);
    sample = {
      type: Type.forSchema(eventSchemas[type] as never),
      json: JSON.parse(readFileSync(file, 'utf8')) as unknown,
    };
    samples.set(type, sample);
  }
  return fromFixture(sample.type, sample.json) as EventMap[T];
}
