import type { EventType } from '@agora/contracts';
import type { ErrorClassification, StoredDeadLetter } from '@agora/messaging';

/** Which dead letters a list, a replay or a count applies to; every criterion given must hold. */
export interface DeadLetterFilter {
  /** A source topic, or the event type whose topic it is (`GoalSubmitted`). */
  topic?: string;
  classification?: ErrorClassification;
  /** Only dead letters that failed at or after this time, in epoch ms. */
  since?: number;
  /** Only dead letters that failed before this time, in epoch ms. */
  until?: number;
}

/** Where a dead letter sits in the dead-letter topic. */
export interface DeadLetterPosition {
  partition: number;
  offset: string;
}

/** Maps a topic to the event type it carries, with the deployment's prefix (TopicNames does). */
export interface TopicCatalog {
  eventTypeOf(topic: string): EventType | undefined;
}

/** No dead letter at a position the caller named. */
export class DeadLetterNotFoundError extends Error {
  constructor(readonly position: string) {
    super(`no dead letter at ${position}`);
    this.name = 'DeadLetterNotFoundError';
  }
}

/** `partition:offset`, as lists print a dead letter's position and replays take it. */
export const POSITION_PATTERN = /^(\d+):(\d+)$/;

/** `3:1042` → partition 3, offset 1042; undefined when the text is not a position. */
export function parsePosition(text: string): DeadLetterPosition | undefined {
  const match = POSITION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return { partition: Number(match[1]), offset: BigInt(match[2]!).toString() };
}

export function positionOf(at: DeadLetterPosition): string {
  return `${at.partition}:${at.offset}`;
}

// A date, optionally with a time and a zone: `2026-11-28`, `2026-11-28T10:00:00Z`. Date.parse
// alone also takes `1` or `May 3`, which are typing mistakes more often than times.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 time in epoch ms, or undefined when the text is not one. */
export function parseTime(text: string): number | undefined {
  if (!ISO_TIME.test(text.trim())) return undefined;
  const at = Date.parse(text.trim());
  return Number.isNaN(at) ? undefined : at;
}

export const TIME_EXAMPLE = '2026-11-28T10:00:00Z';

/** Whether a dead letter passes the filter. */
export function matchesFilter(
  stored: StoredDeadLetter,
  filter: DeadLetterFilter,
  catalog: TopicCatalog,
): boolean {
  const dl = stored.deadLetter;
  if (
    filter.topic !== undefined &&
    dl.sourceTopic !== filter.topic &&
    catalog.eventTypeOf(dl.sourceTopic) !== filter.topic
  ) {
    return false;
  }
  if (filter.classification !== undefined && dl.classification !== filter.classification) {
    return false;
  }
  if (filter.since !== undefined && dl.failedAt < filter.since) return false;
  if (filter.until !== undefined && dl.failedAt >= filter.until) return false;
  return true;
}

/**
 * The dead letters that pass the filter, newest first (by failure time, then position), so a
 * page of the first n is the n most recent across partitions.
 */
export function selectDeadLetters(
  letters: readonly StoredDeadLetter[],
  filter: DeadLetterFilter,
  catalog: TopicCatalog,
): StoredDeadLetter[] {
  return letters
    .filter((l) => matchesFilter(l, filter, catalog))
    .sort(
      (a, b) =>
        b.deadLetter.failedAt - a.deadLetter.failedAt ||
        b.partition - a.partition ||
        compareOffsets(b.offset, a.offset),
    );
}

/** The dead letters at the positions, in the order named; throws naming the first missing one. */
export function findDeadLetters(
  letters: readonly StoredDeadLetter[],
  positions: readonly DeadLetterPosition[],
): StoredDeadLetter[] {
  return positions.map((at) => {
    const found = letters.find((l) => l.partition === at.partition && l.offset === at.offset);
    if (!found) throw new DeadLetterNotFoundError(positionOf(at));
    return found;
  });
}

function compareOffsets(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
