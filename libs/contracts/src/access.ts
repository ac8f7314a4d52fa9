import type { EventType } from './generated/events';
import { principalCatalog, topicCatalog, type Principal } from './generated/topics';

/** Whether `name` is a principal of the catalog (schemas/topics.yaml `principals`). */
export function isPrincipal(name: string): name is Principal {
  return Object.hasOwn(principalCatalog, name);
}

/** Whether the principal may write the topic of `type`. */
export function mayProduce(principal: Principal, type: EventType): boolean {
  return (topicCatalog[type].producers as readonly string[]).includes(principal);
}

/** Whether the principal may read the topic of `type`. */
export function mayConsume(principal: Principal, type: EventType): boolean {
  return (topicCatalog[type].consumers as readonly string[]).includes(principal);
}

/**
 * Whether the principal may join consumer group `group`, named without the deployment's topic
 * prefix: a literal of its `groups`, or a name that starts with one of its prefixes (`x.*`).
 */
export function mayJoinGroup(principal: Principal, group: string): boolean {
  return principalCatalog[principal].groups.some((pattern: string) =>
    pattern.endsWith('*') ? group.startsWith(pattern.slice(0, -1)) : group === pattern,
  );
}
