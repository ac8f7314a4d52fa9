import { eventTypes, topicOf, type EventType } from '@agora/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicNames } from './topic-names';

/**
 * Creates the catalog topics that do not exist yet, with the catalog's partitions and configs.
 * Existing topics are left as they are: changing partitions of a live topic moves keys between
 * partitions, which is an operator's decision, not a start-up side effect.
 * @returns the names of the topics it created.
 */
export async function ensureTopics(
  admin: Admin,
  names: TopicNames,
  options: { replicationFactor: number; types?: readonly EventType[] },
): Promise<string[]> {
  const types = options.types ?? eventTypes;
  const existing = new Set(await admin.listTopics());
  const { brokers } = await admin.describeCluster();
  const replicationFactor = Math.max(1, Math.min(options.replicationFactor, brokers.length));
  const missing: ITopicConfig[] = types
    .filter((type) => !existing.has(names.topic(type)))
    .map((type) => {
      const spec = topicOf(type);
      const configEntries = [
        { name: 'cleanup.policy', value: spec.cleanupPolicy },
        ...(spec.cleanupPolicy === 'delete'
          ? [{ name: 'retention.ms', value: String(spec.retentionMs) }]
          : []),
        ...Object.entries(spec.config ?? {})
          .filter(([name]) => name !== 'min.insync.replicas' || replicationFactor > 1)
          .map(([name, value]) => ({ name, value: String(value) })),
      ];
      return {
        topic: names.topic(type),
        numPartitions: spec.partitions,
        replicationFactor,
        configEntries,
      };
    });
  if (missing.length === 0) return [];
  // createTopics fails on a topic another replica created a moment ago; list again and move on.
  await admin
    .createTopics({ topics: missing, waitForLeaders: true })
    .catch(async (error: unknown) => {
      const now = new Set(await admin.listTopics());
      if (missing.some((t) => !now.has(t.topic))) throw error;
    });
  return missing.map((t) => t.topic);
}
