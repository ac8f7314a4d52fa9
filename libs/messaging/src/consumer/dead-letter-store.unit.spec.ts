import { describe, expect, it } from 'vitest';
import type { Admin, Producer } from 'kafkajs';
import { isOutage, RetriableError } from '../errors/messaging-errors';
import { TopicNames } from '../topics/topic-names';
import { DeadLetterStore, purgeRanges } from './dead-letter-store';
import type { EventConsumer } from './event-consumer';

describe('purgeRanges', () => {
  const ends = [
    { partition: 1, low: '10', high: '25' },
    { partition: 0, low: '0', high: '7' },
    { partition: 2, low: '4', high: '4' },
  ];

  it('counts each partition from its start to the cut, in partition order', () => {
    expect(
      purgeRanges(ends, [
        { partition: 0, offset: '3' },
        { partition: 1, offset: '25' },
        { partition: 2, offset: '4' },
      ]),
    ).toEqual([
      { partition: 0, from: '0', to: '3', records: 3 },
      { partition: 1, from: '10', to: '25', records: 15 },
      { partition: 2, from: '4', to: '4', records: 0 },
    ]);
  });

  it('keeps the cut within the partition: below its start, past its end, missing or -1', () => {
    expect(
      purgeRanges(ends, [
        { partition: 0, offset: '99' },
        { partition: 1, offset: '2' },
        { partition: 2, offset: '-1' },
      ]),
    ).toEqual([
      { partition: 0, from: '0', to: '7', records: 7 },
      { partition: 1, from: '10', to: '10', records: 0 },
      { partition: 2, from: '4', to: '4', records: 0 },
    ]);
    expect(purgeRanges(ends, []).every((p) => p.records === 0)).toBe(true);
  });

  it('counts past 2^53 without losing the offsets', () => {
    const [p] = purgeRanges(
      [{ partition: 0, low: '9007199254740993', high: '9007199254741000' }],
      [{ partition: 0, offset: '9007199254740999' }],
    );
    expect(p).toEqual({
      partition: 0,
      from: '9007199254740993',
      to: '9007199254740999',
      records: 6,
    });
  });
});

describe('reading the dead-letter topic', () => {
  it('a read that cannot reach the end in time is an outage (503 at the REST edge), not a bug', async () => {
    // A partition with one record that the consumer never delivers.
    const silent = {
      on: () => silent,
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const store = new DeadLetterStore({
      admin: {
        fetchTopicOffsets: () =>
          Promise.resolve([{ partition: 0, low: '0', high: '1', offset: '1' }]),
        deleteGroups: () => Promise.resolve([]),
      } as unknown as Admin,
      producer: {} as Producer,
      topics: new TopicNames('t.'),
      consumer: () => silent as unknown as EventConsumer,
    });
    const error = await store.readAll(20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriableError);
    expect(isOutage(error)).toBe(true);
    expect((error as Error).message).toBe(
      'could not read t.agora.deadletter to its end within 20 ms',
    );
  });
});
