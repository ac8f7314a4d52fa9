import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, serviceEnvSchema } from '@agora/config';
import { describe, expect, it } from 'vitest';
import { messagingOptionsFromEnv } from './messaging-options.factory';

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
});
