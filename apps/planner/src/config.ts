import { defineServiceEnv, envPort } from '@agora/config';
import type { z } from 'zod';

/** The planner's environment: the shared service keys plus its own. */
export const plannerEnvSchema = defineServiceEnv({
  /** @default 3000 */
  HTTP_PORT: envPort(3000),
});

export type PlannerEnv = z.output<typeof plannerEnvSchema>;
