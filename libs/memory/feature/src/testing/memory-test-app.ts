import { randomBytes } from 'node:crypto';
import { serviceEnvSchema } from '@agora/config';
import { dropSchema } from '@agora/database';
import { memoryEntities, memoryMigrations } from '@agora/memory/data-access';
import { DEFAULT_MIN_SCORE } from '@agora/memory/domain';
import { createLogger } from '@agora/observability';
import { ServiceRuntimeModule } from '@agora/runtime';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MemoryConfig } from '../memory-config';
import { MemoryFeatureModule } from '../memory-feature.module';

/** Where the stack answers: what `npm run stack:up` writes, or a test's `stackEnv()`. */
export interface MemoryAppStack {
  KAFKA_BROKERS: string;
  SCHEMA_REGISTRY_URL: string;
  DATABASE_URL: string;
}

export interface MemoryTestApp {
  app: INestApplication;
  /** Base URL of its HTTP API, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The fresh database schema it runs in. */
  schema: string;
  /** Closes the app and drops its schema. */
  close: () => Promise<void>;
}

/**
 * The memory feature in a Nest app of its own, on the real stack, in a fresh database schema and
 * with a unique topic prefix: a service start without a process, for tests and benchmarks.
 * `config` overrides the memory's settings (the defaults are the service's own).
 */
export async function startMemoryTestApp(options: {
  stack: MemoryAppStack;
  label: string;
  topicPrefix: string;
  config?: Partial<MemoryConfig>;
}): Promise<MemoryTestApp> {
  const { stack, label } = options;
  const schema = `t_${label
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const env = {
    ...serviceEnvSchema.parse({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
      DATABASE_URL: stack.DATABASE_URL,
      DATABASE_SCHEMA: schema,
    }),
    MEMORY_TEXT_WEIGHT: 0.6,
    MEMORY_VECTOR_WEIGHT: 0.4,
    MEMORY_CHUNK_CHARS: 800,
    MEMORY_DEFAULT_K: 5,
    MEMORY_MAX_K: 50,
    MEMORY_MIN_SCORE: DEFAULT_MIN_SCORE,
    MEMORY_SEARCH_CANDIDATES: 100,
    MEMORY_VECTOR_SCAN_LIMIT: 2000,
    MEMORY_ANNOUNCE: ['knowledge'],
    ...options.config,
  } satisfies MemoryConfig & Record<string, unknown>;
  const context = {
    service: 'memory',
    version: '0.0.0-test',
    env,
    logger: createLogger('memory', 'silent'),
  };
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        context,
        database: { entities: memoryEntities, migrations: memoryMigrations },
      }),
      MemoryFeatureModule,
    ],
  })
  class MemoryTestAppModule {}
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(MemoryTestAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await dropSchema(stack.DATABASE_URL, schema);
    throw error;
  }
  const started = app;
  return {
    app: started,
    url: (await started.getUrl()).replace('[::1]', '127.0.0.1'),
    schema,
    close: async () => {
      await started.close();
      await dropSchema(stack.DATABASE_URL, schema);
    },
  };
}
