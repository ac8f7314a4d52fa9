import { defineServiceEnv, envPort, envPositiveInt } from '@agora/config';
import { HASHING_DIMENSIONS, MINILM_MODEL } from '@agora/embeddings';
import { DEFAULT_MIN_SCORE } from '@agora/memory/domain';
import { selectEmbedder } from '@agora/memory/feature';
import { z } from 'zod';

/** A weight from 0 to 1. */
const envWeight = (defaultValue: number) =>
  z.coerce
    .number({ error: 'expected a number from 0 to 1' })
    .min(0, 'expected a number from 0 to 1')
    .max(1, 'expected a number from 0 to 1')
    .default(defaultValue);

/** The memory's environment: the shared service keys plus its own. */
export const memoryEnvSchema = defineServiceEnv({
  /** @default 3004 */
  HTTP_PORT: envPort(3004),
  /** Weight of the full-text rank in a search hit's score (rescaled with the vector weight to sum to 1). @default 0.6 */
  MEMORY_TEXT_WEIGHT: envWeight(0.6),
  /** Weight of the embedding similarity in a search hit's score. @default 0.4 */
  MEMORY_VECTOR_WEIGHT: envWeight(0.4),
  /** Longest passage a document is cut into, in characters. @default 800 */
  MEMORY_CHUNK_CHARS: envPositiveInt(800).pipe(z.number().min(100, 'expected at least 100')),
  /** Hits a search returns when it does not say how many. @default 5 */
  MEMORY_DEFAULT_K: envPositiveInt(5),
  /** Most hits one search may ask for. @default 50 */
  MEMORY_MAX_K: envPositiveInt(50),
  /**
   * Hits scoring below this are left out of a search that does not say (`minScore`), so a
   * question about something memory does not hold gets nothing rather than the least bad
   * passages. A score is 0..1 on the same scale in every search (text weight × the share of the
   * query's words a passage holds + vector weight × cosine). Measured with
   * `npm run bench:retrieval` for both embedders (see the README's Retrieval section); 0 keeps
   * every hit. @default 0.15
   */
  MEMORY_MIN_SCORE: envWeight(DEFAULT_MIN_SCORE),
  /** Candidates taken from each of full text and vector similarity before they are combined. @default 100 */
  MEMORY_SEARCH_CANDIDATES: envPositiveInt(100),
  /**
   * Most recently updated items whose embeddings are compared with the query besides the
   * full-text matches; bounds the exact vector scan. @default 2000
   */
  MEMORY_VECTOR_SCAN_LIMIT: envPositiveInt(2000),
  /**
   * Kinds of items announced on MemoryRecorded, comma-separated, or `all`. Task results,
   * evaluations and goals are on Kafka already as the events they are stored from; announcing
   * their storage again would double the swarm's messages for nobody. @default 'knowledge'
   */
  MEMORY_ANNOUNCE: z
    .string()
    .default('knowledge')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k.length > 0),
    ),
  /**
   * Where embeddings come from: `none` for the built-in hashing embedder (256 dimensions, no
   * network), `openai` for any OpenAI-compatible embeddings endpoint (OpenAI, Ollama, vLLM).
   * Anthropic has no embeddings API, so with LLM_PROVIDER=anthropic leave this at none or point
   * it at an OpenAI-compatible server. @default none
   */
  EMBEDDING_PROVIDER: z.enum(['none', 'openai']).default('none'),
  /**
   * The embedder when EMBEDDING_PROVIDER is none: `hashing` (built in, 256 dimensions),
   * `minilm` (all-MiniLM-L6-v2 on the CPU, 384 dimensions, no network; the start fails when its
   * files are missing from MEMORY_MODEL_DIR) or `auto` (minilm when the files are there, hashing
   * otherwise). @default hashing
   */
  MEMORY_EMBEDDER: z.enum(['auto', 'hashing', 'minilm']).default('hashing'),
  /**
   * Folder holding the MiniLM model.onnx and tokenizer.json, from the working directory.
   * @default .agora/models/all-minilm-l6-v2 (where `npm run stack:up` puts them)
   */
  MEMORY_MODEL_DIR: z.string().min(1).optional(),
  /** Base URL of the embeddings API, up to and including /v1. @default https://api.openai.com/v1 */
  EMBEDDING_BASE_URL: z.url({ error: 'expected an absolute URL' }).optional(),
  /** API key; local servers accept any. @default unset */
  EMBEDDING_API_KEY: z.string().optional(),
  /** Embedding model name, required when EMBEDDING_PROVIDER is openai. @default unset */
  EMBEDDING_MODEL: z.string().min(1).optional(),
  /**
   * Length of the model's vectors, required when EMBEDDING_PROVIDER is openai; must equal what
   * the model returns (another length fails with an error naming this key). Also sizes the
   * pgvector column where the extension exists. @default unset (256 with provider none)
   */
  EMBEDDING_DIMENSIONS: z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(1, 'expected a whole number from 1 to 16000')
    .max(16_000, 'expected a whole number from 1 to 16000')
    .optional(),
  /** Longest one embeddings call may take before it is aborted and retried. @default 30000 */
  EMBEDDING_TIMEOUT_MS: envPositiveInt(30_000),
}).superRefine((env, ctx) => {
  if (env.EMBEDDING_PROVIDER !== 'none' && env.MEMORY_EMBEDDER === 'minilm') {
    ctx.addIssue({
      code: 'custom',
      path: ['MEMORY_EMBEDDER'],
      message: `minilm needs EMBEDDING_PROVIDER=none (it is ${env.EMBEDDING_PROVIDER})`,
    });
  }
  if (env.EMBEDDING_PROVIDER !== 'none') {
    for (const key of ['EMBEDDING_MODEL', 'EMBEDDING_DIMENSIONS'] as const) {
      if (env[key] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `required when EMBEDDING_PROVIDER is ${env.EMBEDDING_PROVIDER}`,
        });
      }
    }
  }
  if (env.MEMORY_TEXT_WEIGHT + env.MEMORY_VECTOR_WEIGHT === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['MEMORY_TEXT_WEIGHT'],
      message: 'the text and vector weights must not both be 0',
    });
  }
  if (env.MEMORY_DEFAULT_K > env.MEMORY_MAX_K) {
    ctx.addIssue({
      code: 'custom',
      path: ['MEMORY_DEFAULT_K'],
      message: 'must not exceed MEMORY_MAX_K',
    });
  }
});

export type MemoryEnv = z.output<typeof memoryEnvSchema>;

/** Dimensions of the configured embedder's vectors: the pgvector column is sized by them. */
export function embeddingDimensions(env: MemoryEnv): number {
  switch (selectEmbedder(env)) {
    case 'provider':
      return env.EMBEDDING_DIMENSIONS ?? HASHING_DIMENSIONS;
    case 'minilm':
      return MINILM_MODEL.dimensions;
    case 'hashing':
      return HASHING_DIMENSIONS;
  }
}
