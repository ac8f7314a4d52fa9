import { defineServiceEnv, envPort } from '@agora/config';
import type { z } from 'zod';

/** The memory's environment: the shared service keys plus its own. */
export const memoryEnvSchema = defineServiceEnv({
  /** @default 3004 */
  HTTP_PORT: envPort(3004),
});

export type MemoryEnv = z.output<typeof memoryEnvSchema>;
