import { sampleEvent } from '@agora/contracts/testing';
import { TopicNames, type StoredDeadLetter } from '@agora/messaging';
import { describe, expect, it } from 'vitest';
import {
  deadLetterSummary,
  deadLetterView,
  hexValue,
  purgeReport,
  toJson,
} from './dead-letter-view';

const topics = new TopicNames('dev.');
const stored: StoredDeadLetter = {
  partition: 1,
  offset: '17',
  deadLetter: {
    ...sampleEvent('DeadLetter'),
    envelope: { ...sampleEvent('DeadLetter').envelope, goalId: 'goal-1' },
    sourceTopic: 'dev.agora.tasks.ready',
    sourcePartition: 4,
    sourceOffset: 99,
    sourceTimestamp: Date.parse('2026-11-28T09:59:59Z'),
    consumerGroup: 'dev.agora.auction',
    classification: 'fatal',
    errorType: 'FatalError',
    errorMessage: 'invariant broken',
    errorStack: 'FatalError: invariant broken\n    at x',
    attempts: 1,
    failedAt: Date.parse('2026-11-28T10:00:00Z'),
    key: Buffer.from('task-1'),
    value: Buffer.from([0, 0, 0, 0, 7, 1]),
    headers: [
      { key: 'traceparent', value: Buffer.from('00-abc-def-01') },
      { key: 'empty', value: null },
    ],
  },
};

describe('dead-letter views', () => {
  it('a summary says where it is, when and why it failed, and where it came from', () => {
    expect(deadLetterSummary(stored, topics)).toEqual({
      position: '1:17',
      partition: 1,
      offset: '17',
      failedAt: '2026-11-28T10:00:00.000Z',
      classification: 'fatal',
      source: {
        topic: 'dev.agora.tasks.ready',
        eventType: 'TaskReady',
        partition: 4,
        offset: '99',
        timestamp: '2026-11-28T09:59:59.000Z',
      },
      consumerGroup: 'dev.agora.auction',
      attempts: 1,
      errorType: 'FatalError',
      errorMessage: 'invariant broken',
      goalId: 'goal-1',
    });
  });

  it('a view adds the stack, the key and headers as text, and the value it is given', () => {
    const value = hexValue(stored.deadLetter.value, 'unknown schema id 7');
    const view = deadLetterView(stored, value, topics);
    expect(view).toMatchObject({
      position: '1:17',
      errorStack: 'FatalError: invariant broken\n    at x',
      key: 'task-1',
      headers: [
        { key: 'traceparent', value: '00-abc-def-01' },
        { key: 'empty', value: null },
      ],
      value: { encoding: 'hex', bytes: 6, reason: 'unknown schema id 7', hex: '000000000701' },
    });
    expect(hexValue(null, 'no value')).toEqual({ encoding: 'null', bytes: 0 });
  });

  it('decoded events become JSON: longs as strings, bytes as hex, nested', () => {
    expect(
      toJson({
        n: 2n ** 60n,
        b: Buffer.from([1, 255]),
        list: [{ d: new Date(0) }],
        s: 'x',
        z: null,
      }),
    ).toEqual({
      n: '1152921504606846976',
      b: '01ff',
      list: [{ d: '1970-01-01T00:00:00.000Z' }],
      s: 'x',
      z: null,
    });
  });

  it('a purge report totals the partitions and states its cut', () => {
    const partitions = [
      { partition: 0, from: '0', to: '4', records: 4 },
      { partition: 1, from: '2', to: '3', records: 1 },
    ];
    expect(purgeReport({ before: Date.parse('2026-11-28T10:00:00Z') }, partitions, true)).toEqual({
      dryRun: true,
      cut: { before: '2026-11-28T10:00:00.000Z' },
      records: 5,
      partitions,
    });
    expect(purgeReport({ all: true }, [], false)).toEqual({
      dryRun: false,
      cut: { all: true },
      records: 0,
      partitions: [],
    });
  });
});
