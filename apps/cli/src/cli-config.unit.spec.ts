import { messagingOptionsFromEnv } from '@agora/messaging';
import { describe, expect, it } from 'vitest';
import { cliEnv } from './cli-config';

describe('CLI settings', () => {
  it('take a SASL login for a Kafka that requires one', () => {
    const env = cliEnv({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'agora-client',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(env).toMatchObject({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'agora-client',
    });
    expect(cliEnv({}).KAFKA_SASL_MECHANISM).toBeUndefined();
  });

  it('refuse a mechanism without a user name or password, naming the missing key', () => {
    expect(() => cliEnv({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(
      /KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set/,
    );
    expect(() =>
      cliEnv({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'agora-client' }),
    ).toThrow(/KAFKA_SASL_PASSWORD: required/);
    expect(() => cliEnv({ KAFKA_SASL_MECHANISM: 'kerberos' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });

  it('default to the local stack, and reach a secured cluster as the services do: TLS, SASL, registry auth', () => {
    expect(cliEnv({})).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
      KAFKA_SSL: false,
    });
    const env = cliEnv({
      KAFKA_BROKERS: 'kafka-0:9093,kafka-1:9093',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'agora-client',
      KAFKA_SASL_PASSWORD: 'secret',
      SCHEMA_REGISTRY_URL: 'https://registry.example/apis/ccompat/v7',
      SCHEMA_REGISTRY_USERNAME: 'reg',
      SCHEMA_REGISTRY_PASSWORD: 'pw',
    });
    const options = messagingOptionsFromEnv(env, { service: 'cli', version: '1' });
    expect(options.kafka).toEqual({
      brokers: ['kafka-0:9093', 'kafka-1:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'agora-client', password: 'secret' },
    });
    expect(options.registry.basicAuth).toEqual({ username: 'reg', password: 'pw' });
    expect(() => cliEnv({ KAFKA_SSL: 'perhaps' })).toThrow(/KAFKA_SSL: expected one of true/);
    expect(() => cliEnv({ SCHEMA_REGISTRY_PASSWORD: 'pw' })).toThrow(/SCHEMA_REGISTRY_USERNAME/);
  });
});
