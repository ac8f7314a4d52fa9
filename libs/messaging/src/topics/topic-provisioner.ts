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
  options: { replicationFactor: number; maxPartitions?: number; types?: readonly EventType[] },
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
        numPartitions: Math.min(spec.partitions, options.maxPartitions ?? spec.partitions),
        replicationFactor,
        configEntries,
      };
    });
  if (missing.length === 0) return [];
  const created = missing.map((t) => t.topic);
  // Another replica may create the same topics at the same moment: that is not an error, so
  // whatever createTopics says, the outcome is judged by the metadata that follows.
  const createError = await admin.createTopics({ topics: missing, waitForLeaders: false }).then(
    () => undefined,
    (error: unknown) => error,
  );
  await waitForLeaders(admin, created, createError);
  return created;
}

/**
 * Topics of the catalog that a client needs and that do not exist, named with the prefix. Thrown
 * by a client that may not create topics, instead of the broker's "does not host this
 * topic-partition" at the first publish or fetch, which names neither topic nor prefix.
 */
export class TopicsMissingError extends Error {
  override readonly name = 'TopicsMissingError';

  /**
   * @param user the Kafka user the client logged in as, if any: under ACLs a topic the user may
   *   not describe is missing from what the broker lists to it.
   */
  constructor(
    readonly topics: readonly string[],
    readonly prefix: string,
    readonly user?: string,
  ) {
    const prefixed = prefix
      ? `topic prefix '${prefix}' (KAFKA_TOPIC_PREFIX)`
      : 'no topic prefix (KAFKA_TOPIC_PREFIX is empty)';
    super(
      user === undefined
        ? `Kafka has no topic ${topics.join(', ')}: no service has created its topics with ${prefixed}. ` +
            'Use the prefix the services run with, or start the services first: they create their topics.'
        : `Kafka shows user ${user} no topic ${topics.join(', ')}: either no service has created its topics ` +
            `with ${prefixed}, or the ACLs do not let ${user} use them (schemas/topics.yaml says who may). ` +
            'Use the prefix the services run with, or log in as a user allowed these topics.',
    );
  }
}

/** Throws TopicsMissingError unless every topic of `types` exists (and `user` may see it). */
export async function requireTopics(
  admin: Admin,
  names: TopicNames,
  types: readonly EventType[],
  user?: string,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(types.map((type) => names.topic(type)))].filter(
    (topic) => !existing.has(topic),
  );
  if (missing.length > 0) throw new TopicsMissingError(missing, names.prefix, user);
}

/**
 * Waits until every partition of the topics has a leader. kafkajs's own `waitForLeaders` gives up
 * on the first "does not host this topic-partition", which a broker answers while it is still
 * loading a topic it has just created.
 */
async function waitForLeaders(
  admin: Admin,
  topics: string[],
  createError: unknown,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = createError;
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      );
      if (ready && metadata.length === topics.length) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`topics ${topics.join(', ')} have no leader after ${timeoutMs} ms${reason}`, {
    cause: lastError,
  });
}
