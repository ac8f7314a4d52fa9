import { z } from 'zod';
import { envPositiveInt } from './env-types';

/** A number from an environment variable that may be 0 but not negative. */
export const envNonNegative = (defaultValue: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .min(0, 'expected 0 or more')
    .default(defaultValue);

/**
 * The language-model keys, named and meaning the same in every service that can use a model
 * (planner, executor, evaluator). With LLM_PROVIDER=none nothing calls the network.
 */
export const llmEnvShape = {
  /** `none`, `openai` (any OpenAI-compatible server) or `anthropic`. @default 'none' */
  LLM_PROVIDER: z.enum(['none', 'openai', 'anthropic']).default('none'),
  /** Provider endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama. @default the provider's public API */
  LLM_BASE_URL: z.url({ error: 'expected an absolute URL' }).optional(),
  /** @default unset (local OpenAI-compatible servers need none) */
  LLM_API_KEY: z.string().optional(),
  /** Model name, required when LLM_PROVIDER is not none. @default unset */
  LLM_MODEL: z.string().optional(),
  /** Longest one model call may take before it is retried. @default 30000 */
  LLM_TIMEOUT_MS: envPositiveInt(30_000),
  /** US dollars per 1000 input tokens, counted in usage. @default 0 */
  LLM_PRICE_INPUT_PER_1K: envNonNegative(0),
  /** US dollars per 1000 output tokens. @default 0 */
  LLM_PRICE_OUTPUT_PER_1K: envNonNegative(0),
};

/** The cross-key rule of {@link llmEnvShape}: a provider needs a model name. */
export function checkLlmEnv(
  env: { LLM_PROVIDER: string; LLM_MODEL?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.LLM_PROVIDER !== 'none' && !env.LLM_MODEL) {
    ctx.addIssue({
      code: 'custom',
      path: ['LLM_MODEL'],
      message: `required when LLM_PROVIDER is ${env.LLM_PROVIDER}`,
    });
  }
}
