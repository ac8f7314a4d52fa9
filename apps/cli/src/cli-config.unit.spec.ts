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
});
