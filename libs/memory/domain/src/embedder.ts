// The embedders are shared with the evaluator, which judges relevance with them.
export * from '@agora/embeddings';
