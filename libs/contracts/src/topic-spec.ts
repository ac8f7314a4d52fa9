/**
 * How one topic is named, keyed and sized. Generated from schemas/topics.yaml, which explains
 * each choice; the messaging library creates topics and registers schemas from these values.
 */
export interface TopicSpec {
  /** Kafka topic name. The value schema is registered under the subject `<name>-value`. */
  readonly name: string;
  /**
   * Dotted path to the string field of the event used as the record key, such as `taskId` or
   * `envelope.goalId`. Read it with `keyOf`, which refuses a missing key.
   */
  readonly key: string;
  /** Partition count; topics with the same key share it so their partitions line up. */
  readonly partitions: number;
  /** Replication factor for production; local tooling clamps it to the number of brokers. */
  readonly replicationFactor: number;
  /** `compact` keeps the latest record per key forever; `delete` drops records after retentionMs. */
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Retention in milliseconds (`retention.ms`); -1 keeps records forever. */
  readonly retentionMs: number;
  /**
   * Further Kafka topic configs, as Kafka expects them: string values under their dotted names.
   * @default {}
   */
  readonly config: Readonly<Record<string, string>>;
  /**
   * Principals (see PrincipalSpec) that may write the topic; publishing as any other
   * catalog principal is refused.
   */
  readonly producers: readonly string[];
  /** Principals that may read the topic; subscribing as any other catalog principal is refused. */
  readonly consumers: readonly string[];
  /** What the topic carries and who reads it. */
  readonly doc: string;
}
