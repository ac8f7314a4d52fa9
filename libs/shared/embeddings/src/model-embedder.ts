import { l2Normalize, type Embedder } from './embedder';

/**
 * What {@link ModelEmbedder} needs of a provider's embedding model: `@agora/llm`'s
 * EmbeddingModel has this shape (named here, not imported, since the LLM clients do I/O).
 */
export interface ProviderEmbeddingModel {
  /** provider/model, e.g. openai/text-embedding-3-small. */
  readonly model: string;
  embed(texts: readonly string[]): Promise<{ vectors: number[][] }>;
}

/**
 * An {@link Embedder} backed by a provider's embedding model. Vectors are l2-normalised (so the
 * stored dot product is the cosine) and must have exactly the configured dimensions: a model
 * returning another length is a configuration error, reported with the key to fix.
 */
export class ModelEmbedder implements Embedder {
  readonly id: string;

  constructor(
    private readonly model: ProviderEmbeddingModel,
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
