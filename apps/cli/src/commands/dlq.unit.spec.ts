import type { DeadLetter } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import type { StoredDeadLetter } from '@agora/messaging';
import { describe, expect, it } from 'vitest';
import { hexDump, matches, parseRef, renderDeadLetter, renderDeadLetterRows } from './dlq.command';

const stored = (over: Partial<DeadLetter> = {}, offset = '7'): StoredDeadLetter => ({
  partition: 0,
  offset,
  deadLetter: {
    ...sampleEvent('DeadLetter'),
    sourceTopic: 'dev.agora.goals.submitted',
    sourcePartition: 2,
    sourceOffset: 41,
    consumerGroup: 'dev.agora.planner',
    classification: 'undecodable',
    errorMessage: 'refused before decoding: 1125899906842624 map/array entries exceed the limit',
    failedAt: Date.parse('2026-11-28T10:00:00Z'),
    key: Buffer.from('goal-1'),
    value: Buffer.from('not avro at all'),
    headers: [{ key: 'traceparent', value: Buffer.from('00-abc-def-01') }],
    ...over,
  },
});

describe('agora dlq', () => {
  it('parses positions as list prints them, and names a bad one', () => {
    expect(parseRef('3:1042')).toEqual({ partition: 3, offset: '1042' });
    expect(() => parseRef('3-1042')).toThrow(
      /'3-1042' is not a dead letter's position.*e\.g\. 0:17/,
    );
  });

  it('filters by topic (name or event type), classification and time', () => {
    const dl = stored();
    expect(matches(dl, {}, 'dev.')).toBe(true);
    expect(matches(dl, { topic: 'dev.agora.goals.submitted' }, 'dev.')).toBe(true);
    expect(matches(dl, { topic: 'GoalSubmitted' }, 'dev.')).toBe(true);
    expect(matches(dl, { topic: 'TaskReady' }, 'dev.')).toBe(false);
    expect(matches(dl, { classification: 'fatal' }, 'dev.')).toBe(false);
    expect(matches(dl, { since: Date.parse('2026-11-28T11:00:00Z') }, 'dev.')).toBe(false);
    expect(matches(dl, { since: Date.parse('2026-11-28T09:00:00Z') }, 'dev.')).toBe(true);
  });

  it('lists one aligned line per dead letter, and shows one whole', () => {
    const rows = renderDeadLetterRows([stored(), stored({ classification: 'fatal' }, '8')]);
    expect(rows[0]).toMatch(/^at\s+failed at\s+class\s+source\s+group\s+error$/);
    expect(rows[1]).toMatch(
      /^0:7\s+2026-11-28T10:00:00.000Z\s+undecodable\s+dev\.agora\.goals\.submitted\[2\]@41\s+dev\.agora\.planner\s+refused before decoding/,
    );
    expect(rows[2]).toMatch(/^0:8 .* fatal /);
    const shown = renderDeadLetter(stored(), hexDump(Buffer.from('not avro at all')));
    expect(shown).toContain('source:         dev.agora.goals.submitted partition 2 offset 41');
    expect(shown).toContain('key:            goal-1');
    expect(shown).toContain('  traceparent: 00-abc-def-01');
    expect(shown).toContain(
      '000000  6e 6f 74 20 61 76 72 6f 20 61 74 20 61 6c 6c     not avro at all',
    );
  });
});
