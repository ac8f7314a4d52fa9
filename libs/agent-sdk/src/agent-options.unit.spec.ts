import { describe, expect, it } from 'vitest';
import { ConfigError } from '@agora/config';
import { generateAgentKey } from '@agora/messaging';
import { createAgent } from './agent';
import { AgentOptionsError, offerProblems, resolveAgentOptions } from './agent-options';
import { connectionFromEnv } from './connection';

const minimal = {
  id: 'translator-1',
  capabilities: ['translate'],
  bid: () => undefined,
  run: () => Promise.resolve({ kind: 'text' as const, text: 'x' }),
};

describe('resolveAgentOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveAgentOptions({ ...minimal, env: {} })).toMatchObject({
      capacity: 1,
      principal: 'executor',
      heartbeatIntervalMs: 2_000,
      leaseRenewMs: 5_000,
      taskTimeoutMs: 120_000,
      drainTimeoutMs: 30_000,
      memoryTimeoutMs: 10_000,
      costPerTaskUsd: null,
      validateOutput: true,
      drainOnSignals: false,
    });
  });

  it('names every bad option at once', () => {
    const bad = () =>
      resolveAgentOptions({
        ...minimal,
        id: '',
        capabilities: ['Translate'],
        capacity: 0,
        run: 'nope' as never,
      });
    expect(bad).toThrow(AgentOptionsError);
    const problems = (() => {
      try {
        bad();
      } catch (error) {
        return (error as AgentOptionsError).problems.map((p) => p.option);
      }
      return [];
    })();
    expect(problems.sort()).toEqual(['capabilities.0', 'capacity', 'id', 'run']);
  });
});

describe('offerProblems', () => {
  it('accepts an offer within BidSubmitted bounds and names each field out of them', () => {
    expect(offerProblems({ costUsd: 0, etaMs: 500, confidence: 1 })).toEqual([]);
    expect(offerProblems({ costUsd: -1, etaMs: Number.NaN, confidence: 1.5 })).toEqual([
      "'costUsd' must be a number ≥ 0",
      "'etaMs' must be a number ≥ 0",
      "'confidence' must be between 0 and 1",
    ]);
  });
});

describe('createAgent', () => {
  it('reads the connection from the environment and names the keys it lacks', async () => {
    const created = createAgent({ ...minimal, env: { KAFKA_TOPIC_PREFIX: 'x.' } });
    await expect(created).rejects.toThrow(ConfigError);
    await expect(created).rejects.toThrow(
      /^translator-1: invalid configuration\n {2}- KAFKA_BROKERS: .*\n {2}- SCHEMA_REGISTRY_URL: /,
    );
  });
});

describe('signing', () => {
  const key = generateAgentKey('acme-1', 'acme.');
  const env = {
    KAFKA_BROKERS: '127.0.0.1:9092',
    SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  };

  it('names a signing key that is not an Ed25519 private key', () => {
    expect(() =>
      resolveAgentOptions({
        ...minimal,
        signingKey: { keyId: 'acme-1', privateKey: key.publicKeyPem },
      }),
    ).toThrow(/signingKey: not a private key in PEM/);
    expect(
      resolveAgentOptions({
        ...minimal,
        signingKey: { keyId: 'acme-1', privateKey: key.privateKeyPem },
      }).signingKey?.keyId,
    ).toBe('acme-1');
  });

  it('reads the key from AGENT_SIGNING_KEY and AGENT_KEY_ID, and never checks as a service would', () => {
    const connection = connectionFromEnv(
      {
        ...env,
        AGENT_SIGNING_KEY: key.privateKeyPem,
        AGENT_KEY_ID: 'acme-1',
        AGENT_SIGNATURES: 'require',
      },
      { service: 'executor', version: '1' },
    );
    expect(connection.signing?.keyId).toBe('acme-1');
    expect(connection.agentSignatures).toBeUndefined();
    expect(() =>
      connectionFromEnv(
        { ...env, AGENT_SIGNING_KEY: key.privateKeyPem },
        { service: 'executor', version: '1' },
        'acme.writer-1',
      ),
    ).toThrow(/^acme\.writer-1: invalid configuration\n {2}- AGENT_KEY_ID: required/);
  });
});
