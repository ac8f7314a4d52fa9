import type { DeadLetter } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { TopicNames, type StoredDeadLetter } from '@agora/messaging';
import { describe, expect, it } from 'vitest';
import {
  DeadLetterNotFoundError,
  findDeadLetters,
  matchesFilter,
  parsePosition,
  parseTime,
  selectDeadLetters,
} from './dead-letter-query';

const topics = new TopicNames('dev.');
const at = (iso: string) => Date.parse(iso);
const stored = (
  partition: number,
  offset: string,
  over: Partial<DeadLetter> = {},
): StoredDeadLetter => ({
  partition,
  offset,
  deadLetter: {
    ...sampleEvent('DeadLetter'),
    sourceTopic: 'dev.agora.goals.submitted',
    classification: 'undecodable',
    failedAt: at('2026-11-28T10:00:00Z'),
    ...over,
  },
});

describe('dead-letter filters', () => {
  const dl = stored(0, '7');

  it('match by topic name or event type, classification, and a half-open time window', () => {
    expect(matchesFilter(dl, {}, topics)).toBe(true);
    expect(matchesFilter(dl, { topic: 'dev.agora.goals.submitted' }, topics)).toBe(true);
    expect(matchesFilter(dl, { topic: 'GoalSubmitted' }, topics)).toBe(true);
    expect(matchesFilter(dl, { topic: 'TaskReady' }, topics)).toBe(false);
    // The event type counts only under the deployment's prefix.
    expect(matchesFilter(dl, { topic: 'GoalSubmitted' }, new TopicNames('prod.'))).toBe(false);
    expect(matchesFilter(dl, { classification: 'undecodable' }, topics)).toBe(true);
    expect(matchesFilter(dl, { classification: 'fatal' }, topics)).toBe(false);
    expect(matchesFilter(dl, { since: at('2026-11-28T10:00:00Z') }, topics)).toBe(true);
    expect(matchesFilter(dl, { since: at('2026-11-28T10:00:00.001Z') }, topics)).toBe(false);
    expect(matchesFilter(dl, { until: at('2026-11-28T10:00:00Z') }, topics)).toBe(false);
    expect(matchesFilter(dl, { until: at('2026-11-28T10:00:00.001Z') }, topics)).toBe(true);
    expect(
      matchesFilter(
        dl,
        { topic: 'GoalSubmitted', classification: 'undecodable', since: 0, until: Date.now() },
        topics,
      ),
    ).toBe(true);
  });

  it('select the matching ones newest first across partitions, ties by position', () => {
    const letters = [
      stored(0, '1', { failedAt: at('2026-11-28T10:00:00Z') }),
      stored(0, '2', { failedAt: at('2026-11-28T12:00:00Z') }),
      stored(1, '1', { failedAt: at('2026-11-28T11:00:00Z'), classification: 'fatal' }),
      stored(1, '10', { failedAt: at('2026-11-28T12:00:00Z') }),
      stored(1, '9', { failedAt: at('2026-11-28T12:00:00Z') }),
    ];
    const positions = (filter: Parameters<typeof selectDeadLetters>[1]) =>
      selectDeadLetters(letters, filter, topics).map((l) => `${l.partition}:${l.offset}`);
    expect(positions({})).toEqual(['1:10', '1:9', '0:2', '1:1', '0:1']);
    expect(positions({ classification: 'undecodable', until: at('2026-11-28T12:00:00Z') })).toEqual(
      ['0:1'],
    );
  });

  it('find dead letters by position in the order named, naming the first missing', () => {
    const letters = [stored(0, '1'), stored(1, '5')];
    expect(
      findDeadLetters(letters, [
        { partition: 1, offset: '5' },
        { partition: 0, offset: '1' },
      ]).map((l) => l.offset),
    ).toEqual(['5', '1']);
    expect(() => findDeadLetters(letters, [{ partition: 2, offset: '1' }])).toThrow(
      new DeadLetterNotFoundError('2:1'),
    );
  });
});

describe('positions and times as people type them', () => {
  it('positions are partition:offset', () => {
    expect(parsePosition(' 3:1042 ')).toEqual({ partition: 3, offset: '1042' });
    expect(parsePosition('0:007')).toEqual({ partition: 0, offset: '7' });
    expect(parsePosition('3-1042')).toBeUndefined();
    expect(parsePosition('a:1')).toBeUndefined();
  });

  it('times are ISO 8601, not whatever Date.parse accepts', () => {
    expect(parseTime('2026-11-28T10:00:00Z')).toBe(at('2026-11-28T10:00:00Z'));
    expect(parseTime('2026-11-28T10:00:00.250+01:00')).toBe(at('2026-11-28T09:00:00.250Z'));
    expect(parseTime('2026-11-28')).toBe(at('2026-11-28T00:00:00Z'));
    expect(parseTime('1')).toBeUndefined();
    expect(parseTime('May 3')).toBeUndefined();
    expect(parseTime('2026-13-45T10:00:00Z')).toBeUndefined();
  });
});
