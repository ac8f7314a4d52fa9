import { describe, expect, it } from 'vitest';
import { ConfigError } from '@agora/config';
import { createAgent } from './agent';
import { AgentOptionsError, offerProblems, resolveAgentOptions } from './agent-options';

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
