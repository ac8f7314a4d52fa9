import { topicOf } from '@agora/contracts';
import { uniquePrefix } from '@agora/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';
import { ensureTopics, requireTopics, TopicsMissingError } from './topics/topic-provisioner';
import { TopicNames } from './topics/topic-names';

describe('catalog topics are created at start-up', () => {
  const prefix = uniquePrefix('provision');
  let client: MessagingClient;

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect(['BidSubmitted', 'AgentHeartbeat']);
  });
  afterAll(async () => {
    await client?.close();
  });

  it("with the catalog's partitions, cleanup policy and retention", async () => {
    const admin = client.rawKafka.admin();
    await admin.connect();
    try {
      const bids = client.topics.topic('BidSubmitted');
      const heartbeats = client.topics.topic('AgentHeartbeat');
      // The test client caps partitions at 2 to spare the shared broker.
      const { topics } = await admin.fetchTopicMetadata({ topics: [bids, heartbeats] });
      expect(topics.find((t) => t.name === bids)?.partitions).toHaveLength(2);
      expect(topics.find((t) => t.name === heartbeats)?.partitions).toHaveLength(2);

      // Without a cap, the catalog's counts.
      const full = new TopicNames(`${prefix}full.`);
      await ensureTopics(admin, full, {
        replicationFactor: 1,
        types: ['BidSubmitted', 'AgentHeartbeat'],
      });
      const uncapped = await admin.fetchTopicMetadata({
        topics: [full.topic('BidSubmitted'), full.topic('AgentHeartbeat')],
      });
      expect(
        uncapped.topics.find((t) => t.name === full.topic('BidSubmitted'))?.partitions,
      ).toHaveLength(topicOf('BidSubmitted').partitions);
      expect(
        uncapped.topics.find((t) => t.name === full.topic('AgentHeartbeat'))?.partitions,
      ).toHaveLength(topicOf('AgentHeartbeat').partitions);

      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [bids, heartbeats].map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
      });
      const value = (topic: string, key: string) =>
        configs.resources
          .find((r) => r.resourceName === topic)
          ?.configEntries.find((e) => e.configName === key)?.configValue;
      expect(value(bids, 'cleanup.policy')).toBe('delete');
      expect(value(bids, 'retention.ms')).toBe(String(topicOf('BidSubmitted').retentionMs));
      expect(value(heartbeats, 'cleanup.policy')).toBe('compact');
      // One broker here: the catalog's min.insync.replicas would make every write fail.
      expect(value(bids, 'min.insync.replicas')).toBe('1');

      // Idempotent: a second run creates nothing.
      expect(
        await ensureTopics(admin, client.topics, { replicationFactor: 3, types: ['BidSubmitted'] }),
      ).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('a client that may not create topics', () => {
  it('is told which topics are missing and under which prefix, before it uses them', async () => {
    const prefix = uniquePrefix('provision-none');
    const client = testMessagingClient(prefix);
    const admin = client.rawKafka.admin();
    await admin.connect();
    try {
      const names = new TopicNames(prefix);
      const missing = await requireTopics(admin, names, ['GoalSubmitted', 'GoalPlanned']).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(missing).toBeInstanceOf(TopicsMissingError);
      expect((missing as TopicsMissingError).topics).toEqual([
        names.topic('GoalSubmitted'),
        names.topic('GoalPlanned'),
      ]);
      expect((missing as Error).message).toBe(
        `Kafka has no topic ${names.topic('GoalSubmitted')}, ${names.topic('GoalPlanned')}: ` +
          `no service has created its topics with topic prefix '${prefix}' (KAFKA_TOPIC_PREFIX). ` +
          'Use the prefix the services run with, or start the services first: they create their topics.',
      );
      await ensureTopics(admin, names, {
        replicationFactor: 1,
        maxPartitions: 1,
        types: ['GoalSubmitted'],
      });
      await expect(requireTopics(admin, names, ['GoalSubmitted'])).resolves.toBeUndefined();
    } finally {
      await admin.disconnect();
    }
  });
});
