import type { TestProject } from 'vitest/node';
import { ensureStack } from '../stack';

/**
 * Runs once before the test files: brings the local stack up when it is not running (Kafka,
 * the schema registry, PostgreSQL) and hands its addresses to the tests.
 */
export default async function setup(project: TestProject): Promise<void> {
  const env = await ensureStack();
  project.provide('stackEnv', {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
    DATABASE_URL: env.DATABASE_URL,
  });
}
