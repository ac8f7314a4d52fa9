import { AssignerProtocol, type Cluster } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CoPartitionedAssigner } from './co-partitioned-assigner';

function clusterWith(partitions: Record<string, number>): Cluster {
  return {
    findTopicPartitionMetadata: (topic: string) =>
      Array.from({ length: partitions[topic] ?? 0 }, (_, partitionId) => ({ partitionId })),
  } as unknown as Cluster;
}

describe('CoPartitionedAssigner', () => {
  it('gives partition p of every topic to member p mod n, also where round-robin would not', async () => {
    const assigner = CoPartitionedAssigner({
      cluster: clusterWith({ bids: 12, ready: 12, goals: 6 }),
      groupId: 'g',
      logger: undefined as never,
    });
    const members = ['m-c', 'm-a', 'm-b', 'm-e', 'm-d'].map((memberId) => ({
      memberId,
      memberMetadata: Buffer.alloc(0),
    }));
    const result = await assigner.assign({ members, topics: ['bids', 'ready', 'goals'] });
    const byMember = new Map(
      result.map((r) => [
        r.memberId,
        AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment ?? {},
      ]),
    );
    expect(byMember.get('m-a')).toEqual({ bids: [0, 5, 10], ready: [0, 5, 10], goals: [0, 5] });
    expect(byMember.get('m-c')).toEqual({ bids: [2, 7], ready: [2, 7], goals: [2] });
    const bids = [...byMember.values()].flatMap((a) => a['bids'] ?? []).sort((a, b) => a - b);
    expect(bids).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});
