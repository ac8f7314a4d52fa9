/**
 * Who may connect to the bus: one Kafka identity and the consumer groups it joins. Generated
 * from the `principals` of schemas/topics.yaml, which explains each one; each topic's
 * `producers` and `consumers` name principals.
 */
export interface PrincipalSpec {
  /**
   * `service`: one of the deployed services, with its own credentials; `client`: people and
   * their tools (the agora CLI, goal-producing teams).
   */
  readonly kind: 'service' | 'client';
  /**
   * Consumer groups it may join, without the deployment's topic prefix. A name ending in `*` is
   * a prefix: `agora.auction.*` covers `agora.auction.roster.1a2b3c4d`.
   */
  readonly groups: readonly string[];
  /**
   * Operates the dead-letter topic: reads it (it is among its consumers), replays dead letters
   * byte for byte to the topics they came from, and purges it. Its KafkaUser may therefore write
   * every topic a dead-lettering consumer reads, and delete records of the dead-letter topic;
   * replays are not publishes, so `producers` does not list it.
   * @default false
   */
  readonly operatesDeadLetters: boolean;
  /** Who uses it, and why it has what it has. */
  readonly doc: string;
}
