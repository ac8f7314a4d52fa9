import type { PurgeCut, PurgedPartition, StoredDeadLetter } from '@agora/messaging';
import { positionOf, type TopicCatalog } from './dead-letter-query';

/** A dead letter in a list: where it is, when and why it failed, where it came from. */
export interface DeadLetterSummary {
  /** `partition:offset` in the dead-letter topic: what show and replay take. */
  position: string;
  partition: number;
  offset: string;
  failedAt: string;
  classification: string;
  source: {
    topic: string;
    /** The event type the topic carries; null for a topic outside the catalog. */
    eventType: string | null;
    partition: number;
    offset: string;
    /** When the original record was written; null when the broker gave no time. */
    timestamp: string | null;
  };
  consumerGroup: string;
  attempts: number;
  errorType: string;
  errorMessage: string;
  /** The goal of the failed event, when it could be decoded. */
  goalId: string | null;
}

/**
 * The original value of a dead letter: the event decoded with its schema when it can be, the
 * bytes in hex (with why not) otherwise, or nothing for a record that had no value.
 */
export type DeadLetterValue =
  | { encoding: 'avro'; bytes: number; eventType: string; schemaId: number; event: unknown }
  | { encoding: 'hex'; bytes: number; reason: string; hex: string }
  | { encoding: 'null'; bytes: 0 };

/** One dead letter whole. Key and header values are shown as UTF-8 text. */
export interface DeadLetterView extends DeadLetterSummary {
  errorStack: string | null;
  key: string | null;
  headers: { key: string; value: string | null }[];
  value: DeadLetterValue;
}

/** What a replay wrote: which dead letter, and where its message went. */
export interface ReplayedDeadLetter {
  position: string;
  to: { topic: string; partition: number; offset: string };
}

/** What a purge deleted, or with dryRun would delete. */
export interface PurgeReport {
  dryRun: boolean;
  /** `before` as an ISO time, or every dead letter. */
  cut: { before: string } | { all: true };
  /** Dead letters deleted (or that would be), all partitions together. */
  records: number;
  partitions: PurgedPartition[];
}

export function deadLetterSummary(
  stored: StoredDeadLetter,
  catalog: TopicCatalog,
): DeadLetterSummary {
  const dl = stored.deadLetter;
  return {
    position: positionOf(stored),
    partition: stored.partition,
    offset: stored.offset,
    failedAt: new Date(dl.failedAt).toISOString(),
    classification: dl.classification,
    source: {
      topic: dl.sourceTopic,
      eventType: catalog.eventTypeOf(dl.sourceTopic) ?? null,
      partition: dl.sourcePartition,
      offset: String(dl.sourceOffset),
      timestamp: dl.sourceTimestamp === null ? null : new Date(dl.sourceTimestamp).toISOString(),
    },
    consumerGroup: dl.consumerGroup,
    attempts: dl.attempts,
    errorType: dl.errorType,
    errorMessage: dl.errorMessage,
    goalId: dl.envelope.goalId ?? null,
  };
}

export function deadLetterView(
  stored: StoredDeadLetter,
  value: DeadLetterValue,
  catalog: TopicCatalog,
): DeadLetterView {
  const dl = stored.deadLetter;
  return {
    ...deadLetterSummary(stored, catalog),
    errorStack: dl.errorStack,
    key: dl.key === null ? null : dl.key.toString('utf8'),
    headers: dl.headers.map((h) => ({ key: h.key, value: h.value?.toString('utf8') ?? null })),
    value,
  };
}

/** The value as hex, with why it could not be decoded. */
export function hexValue(bytes: Buffer | null, reason: string): DeadLetterValue {
  if (bytes === null) return { encoding: 'null', bytes: 0 };
  return { encoding: 'hex', bytes: bytes.length, reason, hex: bytes.toString('hex') };
}

/** A decoded event as JSON can carry it: longs as decimal strings, bytes as hex. */
export function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

export function purgeReport(
  cut: PurgeCut,
  partitions: PurgedPartition[],
  dryRun: boolean,
): PurgeReport {
  return {
    dryRun,
    cut: 'all' in cut ? { all: true } : { before: new Date(cut.before).toISOString() },
    records: partitions.reduce((sum, p) => sum + p.records, 0),
    partitions,
  };
}
