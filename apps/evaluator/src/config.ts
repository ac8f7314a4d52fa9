import { defineServiceEnv, envPort } from '@agora/config';
import type { z } from 'zod';

/** The evaluator's environment: the shared service keys plus its own. */
export const evaluatorEnvSchema = defineServiceEnv({
  /** @default 3003 */
  HTTP_PORT: envPort(3003),
});

export type EvaluatorEnv = z.output<typeof evaluatorEnvSchema>;
