import type { EventType } from '@agora/contracts';
import type { Admin } from 'kafkajs';
import type { TopicNames } from '../topics/topic-names';

/** How far one consumer group is behind on one catalog topic. */
export interface ConsumerLag {
  groupId: string;
  /** The topic as named on the broker (with the deployment's prefix). */
  topic: string;
  type: EventType;
  /** Records written and not yet committed by the group, over the partitions it has committed on. */
  lag: number;
}

/**
 * Lag of one group on one topic: per partition, the high watermark minus the committed offset.
 * A partition without a commit (-1) is left out: where such a group starts is not known here.
 */
export function lagOf(
  committed: readonly { partition: number; offset: string }[],
  ends: readonly { partition: number; high: string }[],
): number {
  let lag = 0n;
  for (const { partition, offset } of committed) {
    const high = ends.find((e) => e.partition === partition)?.high;
    if (high === undefined || BigInt(offset) < 0n) continue;
    const behind = BigInt(high) - BigInt(offset);
    if (behind > 0n) lag += behind;
  }
  return Number(lag);
}

/** The lag the brokers let this client read, and what they would not say. */
export interface ConsumerLagReport {
  lag: ConsumerLag[];
  /** Groups or topics whose offsets could not be read (not authorized, unknown), with why. */
  unreadable: { group: string; topic?: string; reason: string }[];
}

/**
 * The lag of each group on every catalog topic it has committed offsets on: one OffsetFetch per
 * group and one ListOffsets per topic. A group that does not exist, or never committed, has no
 * rows. Reads no record and joins no group; on a secured cluster the principal needs Describe on
 * the groups and the topics, and what it may not describe is reported, not thrown.
 */
export async function consumerLag(
  admin: Admin,
  topics: TopicNames,
  groupIds: readonly string[],
): Promise<ConsumerLagReport> {
  const ends = new Map<string, Promise<{ partition: number; high: string }[]>>();
  const endsOf = (topic: string) => {
    let found = ends.get(topic);
    if (!found) {
      found = admin.fetchTopicOffsets(topic);
      ends.set(topic, found);
    }
    return found;
  };
  const report: ConsumerLagReport = { lag: [], unreadable: [] };
  for (const groupId of groupIds) {
    let committed;
    try {
      committed = await admin.fetchOffsets({ groupId });
    } catch (error) {
      report.unreadable.push({ group: groupId, reason: reasonOf(error) });
      continue;
    }
    for (const { topic, partitions } of committed) {
      const type = topics.eventTypeOf(topic);
      if (type === undefined || partitions.every((p) => BigInt(p.offset) < 0n)) continue;
      try {
        report.lag.push({ groupId, topic, type, lag: lagOf(partitions, await endsOf(topic)) });
      } catch (error) {
        report.unreadable.push({ group: groupId, topic, reason: reasonOf(error) });
      }
    }
  }
  report.lag.sort((a, b) => a.groupId.localeCompare(b.groupId) || a.topic.localeCompare(b.topic));
  return report;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
