import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compileContracts, type PrincipalModel } from '../codegen/contract-compiler';
import { readContractSources } from '../codegen/contract-sources';
import { repoRoot } from './topic-catalog';

/** A Kafka ACL operation, spelled as Strimzi's KafkaUser spells it. */
export type AclOperation = 'Read' | 'Write' | 'Delete' | 'Describe';

/** Operations in the order every rule lists them, so the output is stable. */
const operationOrder: readonly AclOperation[] = ['Read', 'Write', 'Delete', 'Describe'];

/** One allow rule: operations on a topic or a consumer group, by name or by prefix. */
export interface AclRule {
  resource: { type: 'topic' | 'group'; name: string; patternType: 'literal' | 'prefix' };
  operations: AclOperation[];
}

/** One Kafka principal (a KafkaUser in production) and everything it is allowed. */
export interface PrincipalAcls {
  /** Catalog principal name, or `keda` for the lag scaler. */
  principal: string;
  /** Kafka user name: `agora-<principal>`; Strimzi names the user's Secret after it. */
  user: string;
  kind: PrincipalModel['kind'] | 'autoscaler';
  rules: AclRule[];
}

/** The topic and consumer-group view of the catalog that ACLs are derived from. */
export interface AccessCatalog {
  topics: { name: string; event: string; producers: string[]; consumers: string[] }[];
  principals: PrincipalModel[];
}

/** Kafka user of a principal; also the name of the Secret holding its password. */
export function kafkaUserName(principal: string): string {
  return `agora-${principal}`;
}

/** The catalog as the codegen validates it: an access rule never comes from a broken catalog. */
export function readAccessCatalog(): AccessCatalog {
  const model = compileContracts(readContractSources(repoRoot));
  return {
    topics: model.events.map((e) => ({
      name: e.topic.name,
      event: e.type,
      producers: [...e.topic.producers],
      consumers: [...e.topic.consumers],
    })),
    principals: [...model.principals],
  };
}

/**
 * Every principal's ACLs, least privilege, from the catalog alone:
 * - a topic it produces: Write and Describe; a topic it consumes: Read and Describe;
 * - a dead-letter operator: Read on the dead-letter topic (it is a consumer), Write on every
 *   other topic a dead-lettering principal consumes (replay), Delete on the dead-letter topic
 *   (purge, DeleteRecords);
 * - each of its consumer groups: Read (a `x.*` group is a PREFIXED pattern `x.`).
 * Describe is implied by Read and Write in Kafka; it is listed so the rules say what they allow.
 * No cluster-level rule is needed: since Kafka 3.0 an idempotent producer needs only Write on a
 * topic, and topics are created by the Topic Operator, not by the services.
 */
export function principalAcls(catalog: AccessCatalog): PrincipalAcls[] {
  const deadLetters = catalog.topics.find((t) => t.event === 'DeadLetter');
  if (!deadLetters) throw new Error('schemas/topics.yaml: no topic carries DeadLetter');
  // Dead letters come from the topics read by principals that write dead letters.
  const sources = new Set(
    catalog.topics
      .filter(
        (t) => t !== deadLetters && t.consumers.some((c) => deadLetters.producers.includes(c)),
      )
      .map((t) => t.name),
  );
  return catalog.principals.map((principal) => {
    const rules: AclRule[] = [];
    for (const topic of catalog.topics) {
      const ops = new Set<AclOperation>();
      if (topic.consumers.includes(principal.name)) ops.add('Read');
      if (topic.producers.includes(principal.name)) ops.add('Write');
      if (principal.operatesDeadLetters && sources.has(topic.name)) ops.add('Write');
      if (principal.operatesDeadLetters && topic === deadLetters) ops.add('Delete');
      if (ops.size === 0) continue;
      ops.add('Describe');
      rules.push({
        resource: { type: 'topic', name: topic.name, patternType: 'literal' },
        operations: operationOrder.filter((op) => ops.has(op)),
      });
    }
    for (const group of principal.groups) {
      rules.push({ resource: groupResource(group), operations: ['Read'] });
    }
    return {
      principal: principal.name,
      user: kafkaUserName(principal.name),
      kind: principal.kind,
      rules,
    };
  });
}

function groupResource(pattern: string): AclRule['resource'] {
  return pattern.endsWith('*')
    ? { type: 'group', name: pattern.slice(0, -1), patternType: 'prefix' }
    : { type: 'group', name: pattern, patternType: 'literal' };
}

export const scaledObjectsPath = 'k8s/overlays/prod/autoscaling/scaled-objects.yaml';

/** A Kafka trigger of a KEDA ScaledObject: the lag of one group on one topic. */
export interface LagTrigger {
  topic: string;
  consumerGroup: string;
}

/** The Kafka triggers of the prod overlay's ScaledObjects. */
export function readLagTriggers(file = join(repoRoot, scaledObjectsPath)): LagTrigger[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
  return docs.flatMap((doc) => {
    const o = doc as {
      kind?: string;
      spec?: { triggers?: { type: string; metadata: Record<string, string> }[] };
    };
    if (o.kind !== 'ScaledObject') return [];
    return (o.spec?.triggers ?? [])
      .filter((t) => t.type === 'kafka')
      .map((t) => ({ topic: t.metadata['topic']!, consumerGroup: t.metadata['consumerGroup']! }));
  });
}

/**
 * KEDA's Kafka scaler reads consumer lag: committed offsets of a group and the end offsets of a
 * topic. Describe on exactly the topics and groups the ScaledObjects name is enough; it reads
 * no record and joins no group.
 */
export function lagReaderAcls(triggers: readonly LagTrigger[]): PrincipalAcls {
  const describe = (type: 'topic' | 'group', names: string[]): AclRule[] =>
    [...new Set(names)].map((name) => ({
      resource: { type, name, patternType: 'literal' },
      operations: ['Describe'],
    }));
  return {
    principal: 'keda',
    user: kafkaUserName('keda'),
    kind: 'autoscaler',
    rules: [
      ...describe(
        'topic',
        triggers.map((t) => t.topic),
      ),
      ...describe(
        'group',
        triggers.map((t) => t.consumerGroup),
      ),
    ],
  };
}

/** Every KafkaUser of production: the catalog's principals, then KEDA's lag reader. */
export function allPrincipalAcls(
  catalog: AccessCatalog = readAccessCatalog(),
  triggers: readonly LagTrigger[] = readLagTriggers(),
): PrincipalAcls[] {
  return [...principalAcls(catalog), lagReaderAcls(triggers)];
}

/**
 * The catalog's access lists as the Markdown tables README.md shows under "Who may write which
 * topic" (a test keeps the two equal): per topic who writes and reads it, per principal its kind
 * and consumer groups.
 */
export function renderAccessTables(catalog: AccessCatalog = readAccessCatalog()): string {
  const list = (names: readonly string[]) => (names.length === 0 ? '—' : names.join(', '));
  const topics = catalog.topics.map(
    (t) => `| \`${t.name}\` | ${t.event} | ${list(t.producers)} | ${list(t.consumers)} |`,
  );
  const principals = catalog.principals.map(
    (p) =>
      `| ${p.name} | ${p.kind}${p.operatesDeadLetters ? ', dead-letter operator' : ''} | ${p.groups.map((g) => `\`${g}\``).join(', ')} |`,
  );
  return [
    '| topic | event | written by | read by |',
    '|---|---|---|---|',
    ...topics,
    '',
    '| principal | kind | consumer groups |',
    '|---|---|---|',
    ...principals,
  ].join('\n');
}
