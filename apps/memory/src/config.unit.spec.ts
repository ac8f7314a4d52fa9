import { loadConfig } from '@agora/config';
import { describe, expect, it } from 'vitest';
import { embeddingDimensions, memoryEnvSchema } from './config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
  DATABASE_URL: 'postgres://u@127.0.0.1/agora',
};

describe('memory config', () => {
  it('has the documented defaults', () => {
    expect(loadConfig('memory', memoryEnvSchema, base)).toMatchObject({
      HTTP_PORT: 3004,
      MEMORY_TEXT_WEIGHT: 0.6,
      MEMORY_VECTOR_WEIGHT: 0.4,
      MEMORY_CHUNK_CHARS: 800,
      MEMORY_DEFAULT_K: 5,
      MEMORY_MAX_K: 50,
      MEMORY_MIN_SCORE: 0.15,
      MEMORY_SEARCH_CANDIDATES: 100,
      MEMORY_VECTOR_SCAN_LIMIT: 2000,
      MEMORY_ANNOUNCE: ['knowledge'],
      EMBEDDING_PROVIDER: 'none',
      EMBEDDING_TIMEOUT_MS: 30000,
    });
  });

  it('reads the kinds to announce as a list', () => {
    expect(
      loadConfig('memory', memoryEnvSchema, { ...base, MEMORY_ANNOUNCE: 'knowledge, goal' })
        .MEMORY_ANNOUNCE,
    ).toEqual(['knowledge', 'goal']);
  });

  it('requires a model and dimensions for provider embeddings and sizes vectors by them', () => {
    expect(() =>
      loadConfig('memory', memoryEnvSchema, { ...base, EMBEDDING_PROVIDER: 'openai' }),
    ).toThrow(/EMBEDDING_MODEL[\s\S]*EMBEDDING_DIMENSIONS/);
    expect(() =>
      loadConfig('memory', memoryEnvSchema, { ...base, EMBEDDING_PROVIDER: 'anthropic' }),
    ).toThrow(/EMBEDDING_PROVIDER/);
    const env = loadConfig('memory', memoryEnvSchema, {
      ...base,
      EMBEDDING_PROVIDER: 'openai',
      EMBEDDING_BASE_URL: 'http://127.0.0.1:11434/v1',
      EMBEDDING_MODEL: 'nomic-embed-text',
      EMBEDDING_DIMENSIONS: '768',
    });
    expect(embeddingDimensions(env)).toBe(768);
    expect(embeddingDimensions(loadConfig('memory', memoryEnvSchema, base))).toBe(256);
  });

  it('selects the offline MiniLM embedder by MEMORY_EMBEDDER and sizes vectors by it', () => {
    const load = (extra: Record<string, string>) =>
      loadConfig('memory', memoryEnvSchema, { ...base, ...extra });
    expect(load({}).MEMORY_EMBEDDER).toBe('hashing');
    expect(embeddingDimensions(load({ MEMORY_EMBEDDER: 'minilm' }))).toBe(384);
    // auto falls back to hashing where the model files are not
    const missing = { MEMORY_EMBEDDER: 'auto', MEMORY_MODEL_DIR: '/nonexistent/minilm' };
    expect(embeddingDimensions(load(missing))).toBe(256);
    expect(() => load({ MEMORY_EMBEDDER: 'bert' })).toThrow(/MEMORY_EMBEDDER/);
    expect(() =>
      load({
        MEMORY_EMBEDDER: 'minilm',
        EMBEDDING_PROVIDER: 'openai',
        EMBEDDING_MODEL: 'm',
        EMBEDDING_DIMENSIONS: '8',
      }),
    ).toThrow(/MEMORY_EMBEDDER/);
  });

  it('names each bad key', () => {
    expect(() =>
      loadConfig('memory', memoryEnvSchema, {
        ...base,
        MEMORY_TEXT_WEIGHT: '1.5',
        MEMORY_CHUNK_CHARS: '50',
      }),
    ).toThrow(
      /MEMORY_TEXT_WEIGHT[\s\S]*MEMORY_CHUNK_CHARS|MEMORY_CHUNK_CHARS[\s\S]*MEMORY_TEXT_WEIGHT/,
    );
    expect(() =>
      loadConfig('memory', memoryEnvSchema, {
        ...base,
        MEMORY_TEXT_WEIGHT: '0',
        MEMORY_VECTOR_WEIGHT: '0',
      }),
    ).toThrow(/MEMORY_TEXT_WEIGHT.*must not both be 0/);
    expect(() =>
      loadConfig('memory', memoryEnvSchema, { ...base, MEMORY_DEFAULT_K: '60' }),
    ).toThrow(/MEMORY_DEFAULT_K.*must not exceed MEMORY_MAX_K/);
  });
});
