import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const repoRoot = resolve(__dirname, '../..');
export const catalogFile = join(repoRoot, 'schemas', 'topics.yaml');

/** One topic as deployment tools provision it: the catalog entry with defaults applied. */
export interface ProvisionedTopic {
  name: string;
  event: string;
  partitions: number;
  replicationFactor: number;
  /** Kafka topic configs: cleanup.policy, retention.ms and the catalog's extra configs. */
  config: Record<string, string>;
}

interface RawTopic {
  name?: unknown;
  event?: unknown;
  partitions?: unknown;
  replicationFactor?: unknown;
  cleanupPolicy?: unknown;
  retentionMs?: unknown;
  config?: Record<string, unknown>;
}

interface RawCatalog {
  defaults?: Omit<RawTopic, 'name' | 'event' | 'partitions'>;
  topics?: RawTopic[];
}

function scalar(value: unknown, where: string): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new Error(`${where}: expected a string or a number, got ${JSON.stringify(value)}`);
  }
  return String(value);
}

function positiveInt(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${where}: expected a positive whole number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Reads schemas/topics.yaml the way Kafka will see it. Deliberately small: the codegen's
 * validation of the catalog stays the authority; this only applies defaults and names a missing
 * field, so a broken catalog fails here too instead of rendering half a topic.
 */
export function readTopicCatalog(file = catalogFile): ProvisionedTopic[] {
  const raw = parse(readFileSync(file, 'utf8')) as RawCatalog;
  const defaults = raw.defaults ?? {};
  if (!Array.isArray(raw.topics) || raw.topics.length === 0) {
    throw new Error(`${file}: 'topics' must be a non-empty list`);
  }
  return raw.topics.map((topic, i) => {
    const where = `${file}: topics[${i}]`;
    if (typeof topic.name !== 'string' || topic.name === '')
      throw new Error(`${where}.name: required`);
    if (typeof topic.event !== 'string') throw new Error(`${where}.event: required`);
    const cleanupPolicy = topic.cleanupPolicy ?? defaults.cleanupPolicy ?? 'delete';
    const retentionMs = topic.retentionMs ?? defaults.retentionMs;
    if (retentionMs === undefined) throw new Error(`${where}.retentionMs: required`);
    const config: Record<string, string> = {
      'cleanup.policy': scalar(cleanupPolicy, `${where}.cleanupPolicy`),
      'retention.ms': scalar(retentionMs, `${where}.retentionMs`),
    };
    for (const [k, v] of Object.entries({ ...defaults.config, ...topic.config })) {
      config[k] = scalar(v, `${where}.config.${k}`);
    }
    return {
      name: topic.name,
      event: topic.event,
      partitions: positiveInt(topic.partitions, `${where}.partitions`),
      replicationFactor: positiveInt(
        topic.replicationFactor ?? defaults.replicationFactor ?? 1,
        `${where}.replicationFactor`,
      ),
      config,
    };
  });
}
