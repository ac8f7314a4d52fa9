import {
  isPrincipal,
  mayConsume,
  mayJoinGroup,
  mayProduce,
  principalCatalog,
  topicOf,
  type EventType,
  type Principal,
} from '@agora/contracts';
import { FatalError } from '../errors/messaging-errors';

/**
 * A client tried to use a topic or a consumer group its principal is not granted in
 * schemas/topics.yaml. Fatal: it is a wiring mistake, or a catalog that lags the code, and the
 * broker's ACLs would refuse the same in production.
 */
export class AccessDeniedError extends FatalError {
  constructor(
    readonly principal: Principal,
    message: string,
  ) {
    super(`${message} (schemas/topics.yaml; regenerate with npm run codegen after changing it)`);
    this.name = 'AccessDeniedError';
  }
}

/**
 * The grants of the catalog, applied to one messaging client: when its producer service is one
 * of the catalog's principals, it may publish, subscribe and join groups only as the catalog
 * says, exactly as that principal's KafkaUser may in production. A client with any other name
 * (a tool, a test) is not restricted.
 *
 * Checked where the mistake is made, not at the broker: a publish of an event type the service
 * is not a producer of throws before anything is sent, and a handler for an event type it is not
 * a consumer of throws when it is registered, so start-up fails. Every integration and
 * end-to-end test that runs a service therefore proves the catalog complete for what it does.
 */
export class AccessPolicy {
  /** The principal whose grants apply, or undefined when the client is not restricted. */
  readonly principal: Principal | undefined;

  /**
   * @param service the client's producer service name
   * @param prefix the deployment's topic prefix, which consumer group names start with too
   */
  constructor(
    service: string,
    private readonly prefix = '',
  ) {
    this.principal = isPrincipal(service) ? service : undefined;
  }

  /** Throws {@link AccessDeniedError} unless the principal may write the topic of `type`. */
  checkPublish(type: EventType): void {
    const principal = this.principal;
    if (principal === undefined || mayProduce(principal, type)) return;
    const topic = topicOf(type);
    throw new AccessDeniedError(
      principal,
      `${principal} may not publish ${type}: topic ${topic.name} lists as producers ${topic.producers.join(', ')}`,
    );
  }

  /** Throws {@link AccessDeniedError} unless the principal may read the topic of `type`. */
  checkSubscribe(type: EventType): void {
    const principal = this.principal;
    if (principal === undefined || mayConsume(principal, type)) return;
    const topic = topicOf(type);
    throw new AccessDeniedError(
      principal,
      `${principal} may not consume ${type}: topic ${topic.name} lists as consumers ${topic.consumers.join(', ') || 'nobody'}`,
    );
  }

  /** Throws {@link AccessDeniedError} unless the principal may join consumer group `groupId`. */
  checkGroup(groupId: string): void {
    const principal = this.principal;
    if (principal === undefined) return;
    const unprefixed = groupId.startsWith(this.prefix)
      ? groupId.slice(this.prefix.length)
      : undefined;
    if (unprefixed !== undefined && mayJoinGroup(principal, unprefixed)) return;
    const prefixed = principalCatalog[principal].groups.map((g: string) => this.prefix + g);
    throw new AccessDeniedError(
      principal,
      `${principal} may not join consumer group ${groupId}: its groups are ${prefixed.join(', ')}`,
    );
  }
}
