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
    });
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
  });
});
