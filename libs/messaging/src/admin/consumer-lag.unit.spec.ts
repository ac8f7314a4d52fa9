import { describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { TopicNames } from '../topics/topic-names';
import { consumerLag, lagOf } from './consumer-lag';

describe('lagOf', () => {
  it('sums high watermark minus commit over the committed partitions', () => {
    const ends = [
      { partition: 0, high: '10' },
      { partition: 1, high: '5' },
      { partition: 2, high: '7' },
    ];
    expect(
      lagOf(
        [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '5' },
          { partition: 2, offset: '-1' },
        ],
        ends,
      ),
    ).toBe(6);
    // A commit past the end (a topic recreated) counts as caught up, not as negative lag.
    expect(lagOf([{ partition: 0, offset: '12' }], ends)).toBe(0);
    expect(lagOf([{ partition: 9, offset: '1' }], ends)).toBe(0);
  });
});

describe('consumerLag', () => {
  it('reports catalog topics of the prefix only, for groups that committed', async () => {
    const topics = new TopicNames('p.');
    const offsets: Record<
      string,
      { topic: string; partitions: { partition: number; offset: string }[] }[]
    > = {
      'p.agora.planner': [
        { topic: 'p.agora.tasks.ready', partitions: [{ partition: 0, offset: '3' }] },
        { topic: 'p.not-in-the-catalog', partitions: [{ partition: 0, offset: '1' }] },
        { topic: 'other.agora.tasks.ready', partitions: [{ partition: 0, offset: '1' }] },
        { topic: 'p.agora.goals.submitted', partitions: [{ partition: 0, offset: '-1' }] },
      ],
      'p.agora.absent': [],
    };
    const admin = {
      fetchOffsets: ({ groupId }: { groupId: string }) => Promise.resolve(offsets[groupId] ?? []),
      fetchTopicOffsets: () =>
        Promise.resolve([{ partition: 0, offset: '8', high: '8', low: '0' }]),
    } as unknown as Admin;
    expect(await consumerLag(admin, topics, ['p.agora.planner', 'p.agora.absent'])).toEqual({
      lag: [
        { groupId: 'p.agora.planner', topic: 'p.agora.tasks.ready', type: 'TaskReady', lag: 5 },
      ],
      unreadable: [],
    });
  });

  it('reports a group or topic the broker will not describe, and goes on with the others', async () => {
    const topics = new TopicNames('');
    const refused = new Error('Not authorized to access group');
    const admin = {
      fetchOffsets: ({ groupId }: { groupId: string }) =>
        groupId === 'agora.auction'
          ? Promise.reject(refused)
          : Promise.resolve([
              { topic: 'agora.tasks.ready', partitions: [{ partition: 0, offset: '1' }] },
              {
                topic: 'agora.memory.search.requests',
                partitions: [{ partition: 0, offset: '1' }],
              },
            ]),
      fetchTopicOffsets: (topic: string) =>
        topic === 'agora.tasks.ready'
          ? Promise.resolve([{ partition: 0, offset: '2', high: '2', low: '0' }])
          : Promise.reject(new Error('Not authorized to access topics')),
    } as unknown as Admin;
    expect(await consumerLag(admin, topics, ['agora.auction', 'agora.memory'])).toEqual({
      lag: [{ groupId: 'agora.memory', topic: 'agora.tasks.ready', type: 'TaskReady', lag: 1 }],
      unreadable: [
        { group: 'agora.auction', reason: 'Not authorized to access group' },
        {
          group: 'agora.memory',
          topic: 'agora.memory.search.requests',
          reason: 'Not authorized to access topics',
        },
      ],
    });
  });
});
