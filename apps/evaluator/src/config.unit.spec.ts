import { loadConfig } from '@agora/config';
import { describe, expect, it } from 'vitest';
import { evaluatorEnvSchema } from './config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
  DATABASE_URL: 'postgres://u@127.0.0.1/agora',
};

describe('evaluator config', () => {
  it('has the documented defaults', () => {
    expect(loadConfig('evaluator', evaluatorEnvSchema, base)).toMatchObject({
      HTTP_PORT: 3003,
      EVAL_ACCEPT_THRESHOLD: 0.7,
      EVAL_REPUTATION_ALPHA: 0.3,
      EVAL_MIN_OUTPUT_CHARS: 20,
      EVAL_MAX_OUTPUT_CHARS: 100_000,
      EVAL_MEMORY_TIMEOUT_MS: 5_000,
      EVAL_JUDGE_WEIGHT: 0.3,
      EVAL_RELEVANCE_EMBEDDER: 'auto',
      EVAL_RELEVANCE_THRESHOLD: 0.1,
      EVAL_RELEVANCE_THRESHOLD_MINILM: 0.25,
      LLM_PROVIDER: 'none',
      LLM_TIMEOUT_MS: 30_000,
    });
  });

  it('needs a model name once a provider is chosen, and a judge weight from 0 to 1', () => {
    expect(() =>
      loadConfig('evaluator', evaluatorEnvSchema, { ...base, LLM_PROVIDER: 'openai' }),
    ).toThrow(/LLM_MODEL.*required when LLM_PROVIDER is openai/);
    expect(
      loadConfig('evaluator', evaluatorEnvSchema, {
        ...base,
        LLM_PROVIDER: 'openai',
        LLM_MODEL: 'judge-1',
        LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      }),
    ).toMatchObject({ LLM_PROVIDER: 'openai', LLM_MODEL: 'judge-1' });
    expect(() =>
      loadConfig('evaluator', evaluatorEnvSchema, { ...base, EVAL_JUDGE_WEIGHT: '1.5' }),
    ).toThrow(/EVAL_JUDGE_WEIGHT/);
  });

  it('names each bad key', () => {
    expect(() =>
      loadConfig('evaluator', evaluatorEnvSchema, { ...base, EVAL_REPUTATION_ALPHA: '0' }),
    ).toThrow(/EVAL_REPUTATION_ALPHA.*above 0/);
    expect(() =>
      loadConfig('evaluator', evaluatorEnvSchema, { ...base, EVAL_ACCEPT_THRESHOLD: 'high' }),
    ).toThrow(/EVAL_ACCEPT_THRESHOLD/);
    expect(() =>
      loadConfig('evaluator', evaluatorEnvSchema, {
        ...base,
        EVAL_MIN_OUTPUT_CHARS: '500',
        EVAL_MAX_OUTPUT_CHARS: '100',
      }),
    ).toThrow(/EVAL_MIN_OUTPUT_CHARS.*must not exceed/);
    expect(() =>
      loadConfig('evaluator', evaluatorEnvSchema, { ...base, EVAL_RELEVANCE_EMBEDDER: 'bert' }),
    ).toThrow(/EVAL_RELEVANCE_EMBEDDER/);
    expect(() =>
      loadConfig('evaluator', evaluatorEnvSchema, {
        ...base,
        EVAL_RELEVANCE_THRESHOLD_MINILM: '1.5',
      }),
    ).toThrow(/EVAL_RELEVANCE_THRESHOLD_MINILM/);
  });
});
