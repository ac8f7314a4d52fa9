import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'avsc';
import { describe, expect, it } from 'vitest';
import { eventSchemas, eventTypes, type EventType } from './generated/events';
import {
  encodeFixture,
  fixturesDir,
  fromHex,
  sampleEvent,
  toFixture,
  toHex,
  unpopulatedOptionals,
} from './testing';

// Optional values a realistic sample leaves empty on purpose. Every other optional value must
// be filled in every fixture, so the golden bytes cover both branches of each union somewhere.
const realisticEmpties: Partial<Record<EventType, readonly string[]>> = {
  // Submitted through the API: no event caused it; it names a workflow, so it carries no plan.
  GoalSubmitted: ['$.envelope.causationId', '$.plan'],
  // A person or a client asks; no event of the platform caused it.
  GoalCancelRequested: ['$.envelope.causationId'],
  // A bid, not a refusal.
  BidSubmitted: ['$.refusalReason'],
  // Heartbeats belong to no goal and come from a timer.
  AgentHeartbeat: ['$.envelope.goalId', '$.envelope.causationId'],
  // Reputation spans goals.
  AgentReputation: ['$.envelope.goalId'],
  // A workflow belongs to no goal, and is registered by a request to the API.
  WorkflowChanged: ['$.envelope.goalId', '$.envelope.causationId'],
  // A model call: the call id and the arguments belong to tool calls.
  TaskStepJournaled: ['$.callId', '$.arguments'],
};

const readFixture = (type: EventType, extension: 'json' | 'hex'): string =>
  readFileSync(join(fixturesDir, `${type}.${extension}`), 'utf8');

describe('wire format: golden Avro bytes of each event', () => {
  it('has a sample and golden bytes for every event type, and none for unknown ones', () => {
    const files = readdirSync(fixturesDir).filter((f) => /\.(json|hex)$/.test(f));
    const expected = eventTypes.flatMap((type) => [`${type}.json`, `${type}.hex`]);
    expect(files.sort()).toEqual(expected.sort());
  });

  describe.each(eventTypes)('%s', (type) => {
    const avroType = Type.forSchema(eventSchemas[type] as never);

    it('encodes the sample to the golden bytes', () => {
      const encoded = encodeFixture(avroType, JSON.parse(readFixture(type, 'json')));
      // Compared as hex text so a failure shows where the bytes part.
      expect(
        toHex(encoded),
        `re-run the codegen with --update-fixtures only if the change is intended`,
      ).toBe(toHex(fromHex(readFixture(type, 'hex'))));
    });

    it('decodes the golden bytes back to the sample', () => {
      const decoded: unknown = avroType.fromBuffer(fromHex(readFixture(type, 'hex')));
      expect(toFixture(avroType, decoded)).toEqual(JSON.parse(readFixture(type, 'json')));
    });

    it('fills every optional value except the realistic empties listed above', () => {
      const unpopulated = unpopulatedOptionals(avroType, sampleEvent(type));
      expect(unpopulated).toEqual(realisticEmpties[type] ?? []);
    });
  });

  it('rejects a sample that does not match its schema, naming the field', () => {
    const avroType = Type.forSchema(eventSchemas.BidSubmitted as never);
    const sample = { ...JSON.parse(readFixture('BidSubmitted', 'json')), load: 'high' } as unknown;
    expect(() => encodeFixture(avroType, sample)).toThrow(/\$\.load: "high" is not a valid double/);
  });

  it('refuses bytes that are not written as {"$bytes": base64}', () => {
    const avroType = Type.forSchema(eventSchemas.DeadLetter as never);
    const sample = {
      ...JSON.parse(readFixture('DeadLetter', 'json')),
      key: 'plain text',
    } as unknown;
    expect(() => encodeFixture(avroType, sample)).toThrow(/\$\.key: bytes must be written as/);
  });
});

describe('sampleEvent', () => {
  it('returns the fixture with bytes as Buffers', () => {
    const deadLetter = sampleEvent('DeadLetter');
    expect(Buffer.isBuffer(deadLetter.key)).toBe(true);
    expect(deadLetter.key?.toString('utf8')).toBe(sampleEvent('TaskReady').taskId);
    expect(deadLetter.headers[0]?.value?.toString('utf8')).toMatch(
      /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/,
    );
  });

  it('returns a fresh copy on every call', () => {
    const first = sampleEvent('TaskReady');
    first.envelope.goalId = 'changed';
    first.excludedAgents.push('someone');
    const second = sampleEvent('TaskReady');
    expect(second.envelope.goalId).not.toBe('changed');
    expect(second.excludedAgents).not.toContain('someone');
  });

  it('exists for every event type', () => {
    for (const type of eventTypes) {
      expect(existsSync(join(fixturesDir, `${type}.json`)), type).toBe(true);
      expect(sampleEvent(type).envelope.eventId, type).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
