import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, messagingEnvSchema, serviceEnvSchema } from '@agora/config';
import { describe, expect, it } from 'vitest';
import { messagingOptionsFromEnv } from './messaging-options-from-env';

const base = {
  KAFKA_BROKERS: 'b1:9093,b2:9093',
  SCHEMA_REGISTRY_URL: 'https://registry.example/apis/ccompat/v7',
  DATABASE_URL: 'postgres://u@db/agora',
};
const producer = { service: 'auction', version: '1.2.3' };

describe('messagingOptionsFromEnv', () => {
  it('maps SASL, TLS with a CA file, and registry basic auth', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'agora-ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const env = loadConfig('auction', serviceEnvSchema, {
      ...base,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'agora',
      KAFKA_SASL_PASSWORD: 's3cret',
      SCHEMA_REGISTRY_USERNAME: 'reg',
      SCHEMA_REGISTRY_PASSWORD: 'pw',
      NODE_ENV: 'production',
    });
    const options = messagingOptionsFromEnv(env, producer);
    expect(options.kafka.brokers).toEqual(['b1:9093', 'b2:9093']);
    expect(options.kafka.ssl).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(options.kafka.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'agora',
      password: 's3cret',
    });
    expect(options.registry.basicAuth).toEqual({ username: 'reg', password: 'pw' });
    // Production creates no topics unless asked to.
    expect(options.topics?.create).toBe(false);
    expect(options.consumer?.groupId).toBe('agora.auction');
  });

  it('defaults to plaintext without auth, creating topics outside production, with the prefix on the group', () => {
    const env = loadConfig('auction', serviceEnvSchema, {
      ...base,
      KAFKA_TOPIC_PREFIX: 'staging.',
    });
    const options = messagingOptionsFromEnv(env, producer);
    expect(options.kafka.ssl).toBe(false);
    expect(options.kafka.sasl).toBeUndefined();
    expect(options.registry.basicAuth).toBeUndefined();
    expect(options.topics).toMatchObject({ prefix: 'staging.', create: true });
    expect(options.consumer?.groupId).toBe('staging.agora.auction');
  });

  it('builds the same connection from the messaging keys alone (the CLI, tools), leaving tuning to the library', () => {
    const env = loadConfig('cli', messagingEnvSchema, {
      ...base,
      KAFKA_SSL: 'yes',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'agora-client',
      KAFKA_SASL_PASSWORD: 'pw',
      SCHEMA_REGISTRY_USERNAME: 'reg',
      SCHEMA_REGISTRY_PASSWORD: 'pw',
      KAFKA_TOPIC_PREFIX: 'dev.',
    });
    const options = messagingOptionsFromEnv(env, { service: 'cli', version: '1' });
    expect(options.kafka).toEqual({
      brokers: ['b1:9093', 'b2:9093'],
      ssl: true,
      sasl: { mechanism: 'plain', username: 'agora-client', password: 'pw' },
    });
    expect(options.registry).toEqual({
      url: base.SCHEMA_REGISTRY_URL,
      basicAuth: { username: 'reg', password: 'pw' },
    });
    expect(options.consumer).toEqual({ groupId: 'dev.agora.cli' });
    expect(options.retry).toEqual({});
    expect(options.decode).toEqual({});
  });

  it('names the key of a bad value', () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig('cli', messagingEnvSchema, { ...base, ...env });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((p) => p.key);
      }
      return [];
    };
    expect(problem({ KAFKA_SASL_MECHANISM: 'kerberos' })).toEqual(['KAFKA_SASL_MECHANISM']);
    expect(problem({ KAFKA_SSL: 'maybe' })).toEqual(['KAFKA_SSL']);
    expect(problem({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' })).toEqual([
      'KAFKA_SASL_PASSWORD',
    ]);
    expect(problem({ SCHEMA_REGISTRY_USERNAME: 'u' })).toEqual(['SCHEMA_REGISTRY_PASSWORD']);
    expect(problem({ KAFKA_BROKERS: ' , ' })).toEqual(['KAFKA_BROKERS']);
    expect(problem({ SCHEMA_REGISTRY_URL: 'registry' })).toEqual(['SCHEMA_REGISTRY_URL']);
  });

  it('names KAFKA_SSL_CA_FILE when the CA file cannot be read', () => {
    const env = loadConfig('cli', messagingEnvSchema, {
      ...base,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem',
    });
    expect(() => messagingOptionsFromEnv(env, producer)).toThrow(
      /auction: invalid configuration\n {2}- KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca.pem/,
    );
  });
});
