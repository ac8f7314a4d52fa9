import { createHash } from 'node:crypto';

/** Longest Idempotency-Key a submitter may send. */
export const MAX_IDEMPOTENCY_KEY_CHARS = 255;

/** Name-based UUIDs (RFC 9562 version 5) of goal ids derived from keys live in this namespace. */
const GOAL_KEY_NAMESPACE = Buffer.from('5b0f3c2e8d4a4f6b9c1e7a2d3f4b5c6d', 'hex');

/**
 * The goal id a submission with this Idempotency-Key gets: the same key always gives the same
 * id, so a submitter that sends a goal again (after a timeout, a crash, a resumed agent) finds
 * the goal it already submitted instead of starting a second one.
 */
export function goalIdForKey(key: string): string {
  const hash = createHash('sha1').update(GOAL_KEY_NAMESPACE).update(key, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Why an Idempotency-Key header is unusable, or undefined when it is fine. */
export function idempotencyKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_IDEMPOTENCY_KEY_CHARS) {
    return `must be at most ${MAX_IDEMPOTENCY_KEY_CHARS} characters, got ${key.length}`;
  }
  if (!/^[\x21-\x7e]+$/.test(key)) return 'must be printable ASCII without spaces';
  return undefined;
}
