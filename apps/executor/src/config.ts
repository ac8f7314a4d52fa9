import { defineServiceEnv, envPort } from '@agora/config';
import type { z } from 'zod';

/** The executor's environment: the shared service keys plus its own. */
export const executorEnvSchema = defineServiceEnv({
  /** @default 3002 */
  HTTP_PORT: envPort(3002),
});

export type ExecutorEnv = z.output<typeof executorEnvSchema>;
