import type { EmbeddingModel } from '@agora/llm';
import { HashingEmbedder, l2Normalize, type Embedder } from '@agora/memory/domain';
import { createEmbeddingModel } from '@agora/llm';
import type { MemoryConfig } from './memory-config';
import { miniLmModelDir, missingMiniLmFiles, MiniLmEmbedder } from './minilm-embedder';

/**
 * An {@link Embedder} backed by a provider's embedding model. Vectors are l2-normalised (so the
 * stored dot product is the cosine) and must have exactly the configured dimensions: a model
 * returning another length is a configuration error, reported with the key to fix.
 */
export class ModelEmbedder implements Embedder {
  readonly id: string;

  constructor(
    private readonly model: EmbeddingModel,
    /** The model name as configured, part of the id. */
    modelName: string,
    readonly dimensions: number,
    /** Texts per provider call. */
    private readonly batchSize = 64,
  ) {
    this.id = `openai:${modelName}:${dimensions}`;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const { vectors } = await this.model.embed(texts.slice(start, start + this.batchSize));
      for (const vector of vectors) {
        if (vector.length !== this.dimensions) {
          throw new Error(
            `EMBEDDING_DIMENSIONS: ${this.model.model} returned vectors of ${vector.length} dimensions, configured ${this.dimensions}; set EMBEDDING_DIMENSIONS=${vector.length}`,
          );
        }
        out.push(l2Normalize(vector));
      }
    }
    return out;
  }
}

/**
 * The embedder the configuration asks for: the provider's model when EMBEDDING_PROVIDER is
 * openai (any OpenAI-compatible endpoint), the built-in hashing embedder otherwise. Anthropic
 * offers no embeddings API, so a swarm on LLM_PROVIDER=anthropic keeps the hashing embedder
 * unless EMBEDDING_PROVIDER points at an OpenAI-compatible server.
 */
export function createEmbedder(config: Partial<MemoryConfig>): Embedder {
  const model = createEmbeddingModel({
    provider: config.EMBEDDING_PROVIDER ?? 'none',
    model: config.EMBEDDING_MODEL,
    baseUrl: config.EMBEDDING_BASE_URL,
    apiKey: config.EMBEDDING_API_KEY,
    timeoutMs: config.EMBEDDING_TIMEOUT_MS,
  });
  if (!model) return new HashingEmbedder();
  const dimensions = config.EMBEDDING_DIMENSIONS;
  if (!dimensions)
    throw new Error('EMBEDDING_DIMENSIONS: required when EMBEDDING_PROVIDER is openai');
  return new ModelEmbedder(model, config.EMBEDDING_MODEL ?? '', dimensions);
}

/**
 * Which local embedder MEMORY_EMBEDDER selects, with `auto` settled by whether the MiniLM files
 * are there; `provider` when EMBEDDING_PROVIDER names a remote model, which then wins.
 */
export function selectEmbedder(config: Partial<MemoryConfig>): 'provider' | 'hashing' | 'minilm' {
  if ((config.EMBEDDING_PROVIDER ?? 'none') !== 'none') return 'provider';
  const setting = config.MEMORY_EMBEDDER ?? 'hashing';
  if (setting !== 'auto') return setting;
  return missingMiniLmFiles(miniLmModelDir(config.MEMORY_MODEL_DIR)).length === 0
    ? 'minilm'
    : 'hashing';
}

/**
 * The embedder the service runs with: {@link createEmbedder}'s, or the offline MiniLM model
 * when MEMORY_EMBEDDER selects it (its ONNX session is created here, once, so a missing or
 * broken model fails the start rather than the first search).
 */
export async function openEmbedder(config: Partial<MemoryConfig>): Promise<Embedder> {
  if (selectEmbedder(config) === 'minilm')
    return MiniLmEmbedder.open(miniLmModelDir(config.MEMORY_MODEL_DIR));
  return createEmbedder(config);
}
