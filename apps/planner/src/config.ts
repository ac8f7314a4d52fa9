import { defineServiceEnv, envPort, envPositiveInt } from '@agora/config';
import { shippedWorkflowNames } from '@agora/planner/domain';
import { z } from 'zod';

const nonNegative = (defaultValue: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .min(0, 'expected 0 or more')
    .default(defaultValue);

/** The planner's environment: the shared service keys plus its own. */
export const plannerEnvSchema = defineServiceEnv({
  /** Port of the goals API, /health and /metrics. @default 3000 */
  HTTP_PORT: envPort(3000),
  /**
   * Workflow for goals that name none (when no model plans them), and the fallback when a
   * model's plan is unusable.
   * @default 'research'
   */
  PLANNER_DEFAULT_WORKFLOW: z
    .enum(shippedWorkflowNames, { error: `expected one of ${shippedWorkflowNames.join(', ')}` })
    .default('research'),
  /** How often each replica looks for goals past their deadline, in milliseconds. @default 1000 */
  PLANNER_SWEEP_INTERVAL_MS: envPositiveInt(1_000),
  /** Most goals one sweep handles. @default 100 */
  PLANNER_SWEEP_BATCH: envPositiveInt(100),
  /**
   * How long a goal may wait for its plan before a sweep plans it again (its replica may have
   * died while a model was planning it), in milliseconds.
   * @default 30000
   */
  PLANNER_REPLAN_AFTER_MS: envPositiveInt(30_000),
  /**
   * Language model that plans goals naming no workflow; none plans them with
   * PLANNER_DEFAULT_WORKFLOW and nothing calls the network.
   * @default 'none'
   */
  LLM_PROVIDER: z.enum(['none', 'openai', 'anthropic']).default('none'),
  /** Provider endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama. @default the provider's public API */
  LLM_BASE_URL: z.url({ error: 'expected an absolute URL' }).optional(),
  /** @default unset (local OpenAI-compatible servers need none) */
  LLM_API_KEY: z.string().optional(),
  /** Model name, required when LLM_PROVIDER is not none. @default unset */
  LLM_MODEL: z.string().optional(),
  /** Longest one model call may take before it is retried. @default 30000 */
  LLM_TIMEOUT_MS: envPositiveInt(30_000),
  /** US dollars per 1000 input tokens, counted in the goal's usage. @default 0 */
  LLM_PRICE_INPUT_PER_1K: nonNegative(0),
  /** US dollars per 1000 output tokens. @default 0 */
  LLM_PRICE_OUTPUT_PER_1K: nonNegative(0),
}).superRefine((env, ctx) => {
  if (env.LLM_PROVIDER !== 'none' && !env.LLM_MODEL) {
    ctx.addIssue({
      code: 'custom',
      path: ['LLM_MODEL'],
      message: `required when LLM_PROVIDER is ${env.LLM_PROVIDER}`,
    });
  }
});

export type PlannerEnv = z.output<typeof plannerEnvSchema>;
