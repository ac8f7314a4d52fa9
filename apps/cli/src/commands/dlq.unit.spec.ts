import type { DeadLetter } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { deadLetterSummary, deadLetterView, hexValue, purgeReport } from '@agora/dead-letters';
import { TopicNames, type StoredDeadLetter } from '@agora/messaging';
import { describe, expect, it } from 'vitest';
import { parseRef, renderDeadLetter, renderDeadLetterRows, renderPurge } from './dlq.command';

const topics = new TopicNames('dev.');
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

  it('lists one aligned line per dead letter, and shows one whole with its value in hex', () => {
    const rows = renderDeadLetterRows([
      deadLetterSummary(stored(), topics),
      deadLetterSummary(stored({ classification: 'fatal' }, '8'), topics),
    ]);
    expect(rows[0]).toMatch(/^at\s+failed at\s+class\s+source\s+group\s+error$/);
    expect(rows[1]).toMatch(
      /^0:7\s+2026-11-28T10:00:00.000Z\s+undecodable\s+dev\.agora\.goals\.submitted\[2\]@41\s+dev\.agora\.planner\s+refused before decoding/,
    );
    expect(rows[2]).toMatch(/^0:8 .* fatal /);
    const shown = renderDeadLetter(
      deadLetterView(stored(), hexValue(Buffer.from('not avro at all'), 'bad magic'), topics),
    );
    expect(shown).toContain('source:         dev.agora.goals.submitted partition 2 offset 41');
    expect(shown).toContain('key:            goal-1');
    expect(shown).toContain('  traceparent: 00-abc-def-01');
    expect(shown).toContain('value (15 bytes):\n(not decodable: bad magic)\n');
    expect(shown).toContain(
      '000000  6e 6f 74 20 61 76 72 6f 20 61 74 20 61 6c 6c     not avro at all',
    );
  });

  it('shows a decodable value as its event, in JSON', () => {
    const shown = renderDeadLetter(
      deadLetterView(
        stored(),
        {
          encoding: 'avro',
          bytes: 15,
          eventType: 'GoalSubmitted',
          schemaId: 4,
          event: { goal: 'x' },
        },
        topics,
      ),
    );
    expect(shown).toContain('value (15 bytes):\nGoalSubmitted (schema id 4)\n{\n  "goal": "x"\n}');
  });

  it('says what a purge deletes per partition, and that a dry run deleted nothing', () => {
    const partitions = [
      { partition: 0, from: '3', to: '10', records: 7 },
      { partition: 1, from: '0', to: '0', records: 0 },
    ];
    expect(
      renderPurge(purgeReport({ before: Date.parse('2026-11-28T10:00:00Z') }, partitions, true)),
    ).toEqual([
      'dry run: purging dead letters written before 2026-11-28T10:00:00.000Z would delete 7 dead letters',
      'partition  records  offsets',
      '0          7        3..9',
      '1          0        -',
      'nothing was deleted; --yes deletes them',
    ]);
    expect(renderPurge(purgeReport({ all: true }, partitions, false))[0]).toBe(
      'purged every dead letter: deleted 7 dead letters',
    );
  });
});
