import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Assigns partition p of every subscribed topic to the same member, p mod the number of members
 * (members sorted by id). Topics keyed alike with equal partition counts are co-partitioned (the
 * catalog checks it), so one member then sees every event of a key: a task's call, bids and
 * results land on the one replica that owns its partition, which can judge the task's deadlines
 * against what it has read (see {@link EventConsumer.readThrough}).
 *
 * kafkajs's round-robin assigner spreads (topic, partition) pairs in one list and so gives
 * partition 3 of two topics to different members whenever the total does not divide evenly.
 */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'AgoraCoPartitioned',
  version: 0,

  assign({ members, topics }) {
    const memberIds = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const member = memberIds[partitionId % memberIds.length];
        if (member === undefined) continue;
        const own = assignment.get(member) ?? {};
        (own[topic] ??= []).push(partitionId);
        assignment.set(member, own);
      }
    }
    return Promise.resolve(
      [...assignment].map(([memberId, topicPartitions]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: topicPartitions,
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },

  protocol({ topics }) {
    return {
      name: 'AgoraCoPartitioned',
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    };
  },
});
