import { checkLlmEnv, defineServiceEnv, envPort, envPositiveInt, llmEnvShape } from '@agora/config';
import { DEFAULT_RELEVANCE_THRESHOLDS } from '@agora/evaluator/domain';
import { z } from 'zod';

/** A number from `min` (exclusive when `exclusiveMin`) to 1. */
const envFraction = (defaultValue: number, exclusiveMin = false) =>
  z.coerce
    .number({ error: 'expected a number from 0 to 1' })
    .refine((v) => (exclusiveMin ? v > 0 : v >= 0) && v <= 1, {
      message: exclusiveMin
        ? 'expected a number above 0, at most 1'
        : 'expected a number from 0 to 1',
    })
    .default(defaultValue);

/** The evaluator's environment: the shared service keys plus its own. */
export const evaluatorEnvSchema = defineServiceEnv({
  /** @default 3003 */
  HTTP_PORT: envPort(3003),
  /** Lowest score (0..1) an output is accepted with, when no hard check failed. @default 0.7 */
  EVAL_ACCEPT_THRESHOLD: envFraction(0.7),
  /** Weight of the newest score in an agent's reputation (exponentially weighted mean). @default 0.3 */
  EVAL_REPUTATION_ALPHA: envFraction(0.3, true),
  /** Shortest acceptable main text of an output (report Markdown, text, summary), in characters. @default 20 */
  EVAL_MIN_OUTPUT_CHARS: envPositiveInt(20),
  /** Longest acceptable main text of an output, in characters. @default 100000 */
  EVAL_MAX_OUTPUT_CHARS: envPositiveInt(100_000),
  /** How long to wait for memory to return the items an output cites before retrying. @default 5000 */
  EVAL_MEMORY_TIMEOUT_MS: envPositiveInt(5_000),
  /**
   * Share of the final score given to the model judge, when one is configured: final =
   * (1 − weight) × deterministic score + weight × judge score. A failed hard check rejects
   * whatever the judge says, and a judge that errs or answers badly is ignored. @default 0.3
   */
  EVAL_JUDGE_WEIGHT: envFraction(0.3),
  /**
   * The embedder relevance to the goal is judged with: `hashing` (built in: shared words, cosine
   * over the stems of content words), `minilm` (all-MiniLM-L6-v2 on the CPU: meaning, so a
   * paraphrase counts; the start fails when its files are missing from EVAL_MODEL_DIR) or
   * `auto` (minilm when the files are there, hashing otherwise). @default auto
   */
  EVAL_RELEVANCE_EMBEDDER: z.enum(['auto', 'hashing', 'minilm']).default('auto'),
  /**
   * Folder holding the MiniLM model.onnx and tokenizer.json, from the working directory.
   * @default .agora/models/all-minilm-l6-v2 (where `npm run stack:up` puts them)
   */
  EVAL_MODEL_DIR: z.string().min(1).optional(),
  /**
   * Lowest similarity (0..1) of an output's main text to its goal when the hashing embedder
   * judges; an output below it is off-topic and rejected, saying so. 0 turns the check off.
   * @default 0.1
   */
  EVAL_RELEVANCE_THRESHOLD: envFraction(DEFAULT_RELEVANCE_THRESHOLDS.hashing),
  /**
   * The same when MiniLM judges: its cosines run higher for any two texts, so it has its own
   * bar, chosen with `npm run bench:retrieval` on labelled on- and off-topic outputs (see the
   * README). 0 turns the check off. @default 0.25
   */
  EVAL_RELEVANCE_THRESHOLD_MINILM: envFraction(DEFAULT_RELEVANCE_THRESHOLDS.minilm),
  // The model judge. LLM_TIMEOUT_MS also bounds a whole judgement, retries included, since it
  // runs inside the TaskCompleted consumer callback.
  ...llmEnvShape,
}).superRefine((env, ctx) => {
  if (env.EVAL_MIN_OUTPUT_CHARS > env.EVAL_MAX_OUTPUT_CHARS) {
    ctx.addIssue({
      code: 'custom',
      path: ['EVAL_MIN_OUTPUT_CHARS'],
      message: 'must not exceed EVAL_MAX_OUTPUT_CHARS',
    });
  }
  checkLlmEnv(env, ctx);
});

export type EvaluatorEnv = z.output<typeof evaluatorEnvSchema>;
