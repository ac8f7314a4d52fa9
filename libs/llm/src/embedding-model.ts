/** Tokens and money one embedding call consumed, retries included. */
export interface EmbeddingUsage {
  inputTokens: number;
  costUsd: number;
}

export interface Embeddings {
  /** One vector per text, in the order given, as the provider returned it (not normalised). */
  vectors: number[][];
  usage: EmbeddingUsage;
}

/** A text-to-vector model, whatever the provider behind it. */
export interface EmbeddingModel {
  /** provider/model, e.g. openai/text-embedding-3-small. */
  readonly model: string;
  /** Fails with a {@link LanguageModelError} whose `retriable` says whether a later call could succeed. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Embeddings>;
}
