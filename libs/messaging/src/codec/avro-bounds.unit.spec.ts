import { eventSchemas, eventTypes, type EventType } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { UndecodableMessageError } from '../errors/messaging-errors';
import { avroBodyWith, avroEntriesBomb, avroLong } from '../testing';
import { checkAvroBounds, defaultAvroLimits, type AvroLimits } from './avro-bounds';

const typeOf = (event: EventType) => avro.Type.forSchema(eventSchemas[event] as avro.Schema);
const long = { toBuffer: avroLong };
const bodyWith = avroBodyWith;

function refusal(type: avro.Type, body: Buffer, limits: Partial<AvroLimits> = {}): string {
  try {
    checkAvroBounds(type, body, { ...defaultAvroLimits, ...limits });
  } catch (error) {
    expect(error).toBeInstanceOf(UndecodableMessageError);
    return (error as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('bounded Avro reads', () => {
  it.each(eventTypes.map((t) => [t]))('accepts a well-formed %s', (event) => {
    const type = typeOf(event);
    expect(() =>
      checkAvroBounds(type, type.toBuffer(sampleEvent(event)), defaultAvroLimits),
    ).not.toThrow();
  });

  it('refuses the map bomb (a map header claiming 2^50 entries) at once', () => {
    const { field, body } = avroEntriesBomb('GoalSubmitted')!;
    expect(field).toBe('inputs');
    expect(body.length).toBeLessThan(300);
    const started = performance.now();
    expect(refusal(typeOf('GoalSubmitted'), body)).toMatch(
      /1125899906842624 map\/array entries exceed the limit of 100000 \(AVRO_MAX_ENTRIES\) at 'inputs'/,
    );
    // Not a timed assertion on speed: the point is that it returns at all. avsc alone loops
    // for hours on these bytes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a map that claims fewer entries than the limit but more than its bytes hold', () => {
    const body = bodyWith('GoalSubmitted', { inputs: long.toBuffer(50_000) });
    expect(refusal(typeOf('GoalSubmitted'), body)).toMatch(
      /(truncated|bytes remain) at 'inputs\[\d+\]'/,
    );
  });

  it('refuses a huge array, counting entries over every container of the message', () => {
    const bomb = bodyWith('TaskReady', { excludedAgents: long.toBuffer(2 ** 40) });
    expect(refusal(typeOf('TaskReady'), bomb)).toMatch(/AVRO_MAX_ENTRIES\) at 'excludedAgents'/);
    // Within the limit and fully present, but over a tighter limit.
    const agents = Array.from({ length: 20 }, (_, i) => `agent-${i}`);
    const type = typeOf('TaskReady');
    const body = type.toBuffer({ ...sampleEvent('TaskReady'), excludedAgents: agents });
    expect(() => checkAvroBounds(type, body, defaultAvroLimits)).not.toThrow();
    expect(refusal(type, body, { maxEntries: 10 })).toMatch(
      /20 map\/array entries exceed the limit of 10/,
    );
  });

  it('refuses a negative block whose byte size is more than the body holds', () => {
    const block = Buffer.concat([long.toBuffer(-3), long.toBuffer(2 ** 40)]);
    const body = bodyWith('TaskReady', { excludedAgents: block });
    expect(refusal(typeOf('TaskReady'), body)).toMatch(
      /block of 1099511627776 bytes but \d+ remain/,
    );
  });

  it('refuses a string whose length is more than the body holds', () => {
    const body = bodyWith('GoalSubmitted', { goal: long.toBuffer(2 ** 40) });
    expect(refusal(typeOf('GoalSubmitted'), body)).toMatch(
      /length 1099511627776 but \d+ bytes remain at 'goal'/,
    );
    const negative = bodyWith('GoalSubmitted', { goal: long.toBuffer(-5) });
    expect(refusal(typeOf('GoalSubmitted'), negative)).toMatch(/negative length -5 at 'goal'/);
  });

  it('refuses bad union branches, enum indexes, runaway varints and truncation', () => {
    const heartbeat = typeOf('AgentHeartbeat');
    expect(refusal(heartbeat, bodyWith('AgentHeartbeat', { status: long.toBuffer(99) }))).toMatch(
      /enum index 99 out of range at 'status'/,
    );
    expect(
      refusal(heartbeat, bodyWith('AgentHeartbeat', { costPerTaskUsd: long.toBuffer(7) })),
    ).toMatch(/union branch 7 out of range at 'costPerTaskUsd'/);
    const runaway = bodyWith('AgentHeartbeat', { capacity: Buffer.alloc(12, 0xff) });
    expect(refusal(heartbeat, runaway)).toMatch(/varint longer than 10 bytes at 'capacity'/);
    const whole = heartbeat.toBuffer(sampleEvent('AgentHeartbeat'));
    expect(refusal(heartbeat, whole.subarray(0, whole.length - 1))).toMatch(
      /truncated|bytes remain/,
    );
  });

  it('refuses nesting deeper than the limit (a recursive writer schema)', () => {
    const node = avro.Type.forSchema({
      type: 'record',
      name: 'Node',
      fields: [{ name: 'next', type: ['null', 'Node'] }],
    });
    const chain = (depth: number): unknown =>
      depth === 0 ? { next: null } : { next: chain(depth - 1) };
    expect(() => checkAvroBounds(node, node.toBuffer(chain(10)), defaultAvroLimits)).not.toThrow();
    expect(refusal(node, node.toBuffer(chain(100)))).toMatch(
      /nesting deeper than 32 \(AVRO_MAX_DEPTH\) at 'next/,
    );
  });

  it('refuses a body over the size limit before reading it', () => {
    const type = typeOf('GoalSubmitted');
    const body = type.toBuffer({ ...sampleEvent('GoalSubmitted'), goal: 'x'.repeat(4096) });
    expect(refusal(type, body, { maxBytes: 2048 })).toMatch(
      /body of \d+ bytes exceeds the limit of 2048 \(AVRO_MAX_BYTES\)/,
    );
  });
});
