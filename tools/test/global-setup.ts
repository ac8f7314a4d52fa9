import { deleteTestTopics } from '@agora/messaging/testing';
import { testRunPrefix } from '@agora/testing';
import type { TestProject } from 'vitest/node';
import { ensureStack } from '../stack';

/**
 * Runs once around the test files: brings the local stack up when it is not running (Kafka, the
 * schema registry, PostgreSQL) and hands its addresses to the tests; afterwards deletes the
 * topics this run created (named `t-<run>-…`, see testRunPrefix), so repeated runs do not fill
 * the broker and a run never deletes the topics of another run sharing it. The unit tier skips it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `npm run test:unit` runs pure tests only: no stack, no Java needed.
  if (process.env['AGORA_TEST_TIER'] === 'unit') return () => Promise.resolve();
  // Set before any worker starts, so every worker names its topics with this run's prefix.
  const prefix = testRunPrefix();
  const env = await ensureStack();
  project.provide('stackEnv', {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
    DATABASE_URL: env.DATABASE_URL,
  });
  return async () => {
    const deleted = await deleteTestTopics(env, [prefix]).catch(() => 0);
    if (deleted > 0) console.log(`deleted ${deleted} test topics`);
  };
}
