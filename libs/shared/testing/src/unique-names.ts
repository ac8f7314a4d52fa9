import { randomBytes } from 'node:crypto';

/**
 * A topic prefix no other test uses, so tests share the broker and registry without seeing each
 * other's topics, subjects or consumer groups. Kafka topic names allow [a-zA-Z0-9._-].
 */
export function uniquePrefix(label: string): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40);
  return `t-${safe}-${randomBytes(4).toString('hex')}.`;
}
