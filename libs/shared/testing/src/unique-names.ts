import { randomBytes } from 'node:crypto';

/**
 * The id of this test run (set by tools/test/global-setup.ts, inherited by the test workers):
 * every topic a run creates starts with `t-<run>-`, so a run deletes its own topics when it ends
 * and never those of another run sharing the broker.
 */
export function testRunId(): string {
  const id = process.env['AGORA_TEST_RUN'];
  if (id) return id;
  const fresh = randomBytes(3).toString('hex');
  process.env['AGORA_TEST_RUN'] = fresh;
  return fresh;
}

/** The topic-name prefix of every topic this test run creates. */
export function testRunPrefix(): string {
  return `t-${testRunId()}-`;
}

/**
 * A topic prefix no other test uses, so tests share the broker and registry without seeing each
 * other's topics, subjects or consumer groups. Kafka topic names allow [a-zA-Z0-9._-].
 */
export function uniquePrefix(label: string): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40);
  return `${testRunPrefix()}${safe}-${randomBytes(4).toString('hex')}.`;
}
