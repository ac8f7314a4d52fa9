import { describe, expect, it } from 'vitest';
import {
  AgentDefinitionError,
  limitsOf,
  parseAgentDefinitions,
  toolsOf,
  withAgentIdSuffix,
  type AgentDefinition,
} from './agent-definition';
import { basePriceOf, confidenceOf, decideBid, nextEwma, priceOf } from './bidding';

const analyst: AgentDefinition = {
  id: 'analyst-1',
  capabilities: ['analyze', 'validate'],
  capacity: 2,
  cost: { basePerTaskUsd: 0.02, capabilityFactor: { validate: 1.5 } },
  defaultDurationMs: 1_500,
  minDurationMs: 0,
};
const now = 1_000_000;
const call = {
  capability: 'validate',
  excludedAgents: [],
  invitedAgents: [],
  bidDeadline: now + 500,
};
const idle = { activeTasks: 0, draining: false };

describe('decideBid', () => {
  it('bids with the cost model, the default duration and the prior confidence when new', () => {
    expect(decideBid(analyst, idle, call, undefined, now)).toEqual({
      decision: 'BID',
      cost: 0.03,
      estimatedDurationMs: 1_500,
      confidence: 0.8,
      load: 0,
    });
  });

  it('estimates from its learnt duration and success history', () => {
    const stats = { ewmaDurationMs: 812.4, successes: 10, failures: 5 };
    const bid = decideBid(analyst, { activeTasks: 1, draining: false }, call, stats, now);
    expect(bid).toMatchObject({ decision: 'BID', estimatedDurationMs: 812, load: 0.5 });
    expect(bid.decision === 'BID' && bid.confidence).toBe(0.7);
  });

  it.each([
    ['an exclusion', analyst, idle, { ...call, excludedAgents: ['analyst-1'] }, /excluded/],
    ['a full agent', analyst, { activeTasks: 2, draining: false }, call, /at capacity \(2\/2/],
    ['draining', analyst, { activeTasks: 0, draining: true }, call, /shutting down/],
  ])('refuses on %s, with the reason and its load', (_name, agent, state, c, reason) => {
    const answer = decideBid(agent, state, c, undefined, now);
    expect(answer.decision).toBe('REFUSE');
    expect(answer.decision === 'REFUSE' && answer.reason).toMatch(reason);
  });

  it('stays silent on calls that do not concern it: another capability, or other invitees', () => {
    expect(decideBid(analyst, idle, { ...call, capability: 'report' }, undefined, now)).toEqual({
      decision: 'IGNORE',
      reason: 'no capability report',
    });
    expect(
      decideBid(analyst, idle, { ...call, invitedAgents: ['writer-1'] }, undefined, now).decision,
    ).toBe('IGNORE');
    expect(
      decideBid(analyst, idle, { ...call, invitedAgents: ['analyst-1'] }, undefined, now).decision,
    ).toBe('BID');
  });

  it('still answers a call read a little after its deadline, but not one long over', () => {
    expect(
      decideBid(analyst, idle, { ...call, bidDeadline: now - 1_000 }, undefined, now).decision,
    ).toBe('BID');
    expect(
      decideBid(analyst, idle, { ...call, bidDeadline: now - 60_000 }, undefined, now).decision,
    ).toBe('IGNORE');
  });
});

describe('learning', () => {
  it('keeps an exponentially weighted mean of durations', () => {
    expect(nextEwma(null, 1_000)).toBe(1_000);
    expect(nextEwma(1_000, 2_000)).toBeCloseTo(1_300);
    expect(nextEwma(1_300, 2_000, 0.5)).toBeCloseTo(1_650);
  });

  it('moves confidence with successes and failures', () => {
    expect(confidenceOf(undefined)).toBe(0.8);
    expect(
      confidenceOf({ ewmaDurationMs: null, successes: 95, failures: 0 }),
    ).toBeGreaterThanOrEqual(0.99);
    expect(confidenceOf({ ewmaDurationMs: null, successes: 0, failures: 20 })).toBeLessThan(0.2);
  });
});

describe('parseAgentDefinitions', () => {
  it('accepts a list or { agents } and fills defaults', () => {
    const agents = parseAgentDefinitions(
      { agents: [{ id: 'w-1', capabilities: ['write'], capacity: 1 }] },
      'AGENTS',
    );
    expect(agents).toEqual([
      {
        id: 'w-1',
        capabilities: ['write'],
        capacity: 1,
        cost: { basePerTaskUsd: 0, capabilityFactor: {} },
        defaultDurationMs: 2_000,
        minDurationMs: 0,
      },
    ]);
  });

  it('names the agent and the field of every problem', () => {
    const bad = [
      { id: 'ok-1', capabilities: ['write'], capacity: 1 },
      { id: 'bad-1', capabilities: ['Wr Te'], capacity: 0 },
      { id: 'new-1', capabilities: ['translate'], capacity: 1 },
      { capabilities: ['write'], capacity: 1, cost: { basePerTaskUsd: -1 } },
      {
        id: 'ok-1',
        capabilities: ['edit'],
        capacity: 1,
        cost: { basePerTaskUsd: 0, capabilityFactor: { write: 2 } },
      },
    ];
    let error: unknown;
    try {
      parseAgentDefinitions(bad, 'agents.yaml', ['write', 'edit']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentDefinitionError);
    const message = (error as Error).message;
    expect(message).toMatch(/^agents\.yaml: invalid agents/);
    expect(message).toMatch(/agent bad-1: capabilities\.0: expected a capability name/);
    expect(message).toMatch(
      /agent new-1: capabilities: no skill of this executor serves 'translate' \(served: write, edit\); register a skill for it/,
    );
    expect(message).toMatch(/agent bad-1: capacity: expected a whole number from 1 to 64/);
    expect(message).toMatch(/agent #4: id: expected a string/);
    expect(message).toMatch(/agent #4: cost\.basePerTaskUsd: expected 0 or more/);
    expect(message).toMatch(/agent ok-1: cost\.capabilityFactor\.write: the agent does not have/);
    expect(message).toMatch(/agent ok-1: id: used by another agent/);
  });

  it('refuses an empty list', () => {
    expect(() => parseAgentDefinitions([], 'AGENTS')).toThrow(/AGENTS: expected a non-empty list/);
  });

  it('suffixes ids so processes do not collide', () => {
    expect(withAgentIdSuffix([analyst], 'Pod 7/x').map((a) => a.id)).toEqual(['analyst-1-pod-7-x']);
    expect(withAgentIdSuffix([analyst], '').map((a) => a.id)).toEqual(['analyst-1']);
  });
});

describe('model-driven agents', () => {
  const writer = {
    id: 'writer-1',
    capabilities: ['write'],
    capacity: 1,
    role: 'You write short, cited posts.',
    model: {
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
      apiKeyEnv: 'OLLAMA_KEY',
      priceInputPer1k: 0.001,
      priceOutputPer1k: 0.002,
    },
    temperature: 0.3,
    tools: ['memory_search', 'shell'],
    limits: { maxTokens: 20_000, maxCostUsd: 0.5 },
  };

  it('reads role, model, tools and limits, filling the iteration limit', () => {
    const [agent] = parseAgentDefinitions([writer], 'agents.yaml');
    expect(agent).toMatchObject({
      role: 'You write short, cited posts.',
      model: writer.model,
      temperature: 0.3,
      tools: ['memory_search', 'shell'],
      limits: { maxIterations: 8, maxTokens: 20_000, maxCostUsd: 0.5 },
    });
    expect(limitsOf(agent)).toEqual({ maxIterations: 8, maxTokens: 20_000, maxCostUsd: 0.5 });
  });

  it('keeps today’s agents as they were: no model, memory_search as the only tool', () => {
    const [agent] = parseAgentDefinitions([{ id: 'a', capabilities: ['write'], capacity: 1 }], 'x');
    expect(agent).not.toHaveProperty('model');
    expect(toolsOf(agent!)).toEqual(['memory_search']);
    expect(limitsOf(agent)).toEqual({ maxIterations: 8 });
  });

  it('names a key in the file, an unknown tool and a bad provider', () => {
    const bad = {
      ...writer,
      model: { ...writer.model, provider: 'gemini', apiKeyEnv: 'sk-123-secret' },
      tools: ['memory_search', 'rm_rf'],
    };
    const error = (() => {
      try {
        parseAgentDefinitions([bad], 'agents.yaml');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AgentDefinitionError);
    expect(error!.message).toContain(
      `agent writer-1: model.provider: expected 'openai' or 'anthropic'`,
    );
    expect(error!.message).toContain(
      'agent writer-1: model.apiKeyEnv: expected the name of an environment variable holding the key, not the key',
    );
    expect(error!.message).toMatch(/agent writer-1: tools\.1: expected one of memory_search/);
  });

  it('bids its cost model plus the expected cost of its model', () => {
    const [agent] = parseAgentDefinitions([writer], 'agents.yaml');
    // 4k input tokens at 0.001 and 1k output tokens at 0.002 per 1k, on a zero base price.
    expect(priceOf(agent!, 'write')).toBe(0.006);
    const cheaper = {
      ...agent!,
      model: { ...agent!.model!, priceInputPer1k: 0, priceOutputPer1k: 0 },
    };
    expect(priceOf(cheaper, 'write')).toBe(0);
  });
});

describe('basePriceOf', () => {
  it('is the cost model alone, without the model estimate', () => {
    const [agent] = parseAgentDefinitions(
      [
        {
          id: 'w',
          capabilities: ['write'],
          capacity: 1,
          cost: { basePerTaskUsd: 0.01 },
          model: { provider: 'openai', model: 'm', priceInputPer1k: 1, priceOutputPer1k: 1 },
        },
      ],
      'x',
    );
    expect(basePriceOf(agent!, 'write')).toBe(0.01);
    expect(priceOf(agent!, 'write')).toBe(5.01);
  });
});
