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
   * Writes dead letters back to their source topics; the catalog lists it among the producers of
   * every topic dead letters can come from.
   * @default false
   */
  readonly replays: boolean;
  /** Who uses it, and why it has what it has. */
  readonly doc: string;
}
