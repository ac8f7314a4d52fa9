import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { envPositiveInt } from './env-types';
import { loadConfig } from './load-config';
import { defineServiceEnv } from './service-config';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/agora',
};

describe('loadConfig', () => {
  const schema = defineServiceEnv({ BID_WINDOW_MS: envPositiveInt(200) });

  it('parses a valid environment into typed values with defaults', () => {
    const env = loadConfig('auction', schema, { ...valid, KAFKA_SSL: 'yes' });
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9094']);
    expect(env.KAFKA_SSL).toBe(true);
    expect(env.BID_WINDOW_MS).toBe(200);
    expect(env.HTTP_PORT).toBe(3000);
    expect(env.KAFKA_CREATE_TOPICS).toBeUndefined();
  });

  it('reports every bad key at once, by name', () => {
    let error: unknown;
    try {
      loadConfig('auction', schema, {
        ...valid,
        HTTP_PORT: '70000',
        BID_WINDOW_MS: '-5',
        DATABASE_URL: undefined,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((p) => p.key).sort();
    expect(keys).toEqual(['BID_WINDOW_MS', 'DATABASE_URL', 'HTTP_PORT']);
    expect((error as Error).message).toMatch(/^auction: invalid configuration/);
  });

  it('names the missing half of a credential pair', () => {
    expect(() =>
      loadConfig('x', schema, {
        ...valid,
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
      }),
    ).toThrow(/KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set/);
    expect(() => loadConfig('x', schema, { ...valid, SCHEMA_REGISTRY_PASSWORD: 'p' })).toThrow(
      /SCHEMA_REGISTRY_USERNAME: registry basic auth needs both/,
    );
  });
});
