import { createEmbeddingModel } from '@agora/llm';
import { HashingEmbedder, ModelEmbedder, type Embedder } from '@agora/embeddings';
import {
  openLocalEmbedder,
  selectLocalEmbedder,
  type LocalEmbedderSetting,
} from '@agora/embeddings/minilm';
import type { MemoryConfig } from './memory-config';

/** The memory's local-embedder settings, in the shared form. */
function localSetting(config: Partial<MemoryConfig>): LocalEmbedderSetting {
  return {
    embedder: config.MEMORY_EMBEDDER ?? 'hashing',
    modelDir: config.MEMORY_MODEL_DIR,
    keys: { embedder: 'MEMORY_EMBEDDER', modelDir: 'MEMORY_MODEL_DIR' },
  };
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
  return selectLocalEmbedder(localSetting(config));
}

/**
 * The embedder the service runs with: the provider's ({@link createEmbedder}) when
 * EMBEDDING_PROVIDER names one, else the local one MEMORY_EMBEDDER selects (MiniLM's ONNX
 * session created here, once, so a missing or broken model fails the start rather than the
 * first search).
 */
export async function openEmbedder(config: Partial<MemoryConfig>): Promise<Embedder> {
  if (selectEmbedder(config) === 'provider') return createEmbedder(config);
  return (await openLocalEmbedder(localSetting(config))).embedder;
}
