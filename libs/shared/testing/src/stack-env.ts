import { inject } from 'vitest';

/** Addresses of the local stack that the test run brought up (see tools/test/global-setup.ts). */
export interface StackEnv {
  KAFKA_BROKERS: string;
  SCHEMA_REGISTRY_URL: string;
  DATABASE_URL: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stackEnv: StackEnv;
  }
}

export function stackEnv(): StackEnv {
  const env = inject('stackEnv');
  if (!env)
    throw new Error(
      'stackEnv is missing: run tests through `npm test` (vitest.config.ts globalSetup)',
    );
  return env;
}
