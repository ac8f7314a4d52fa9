import { newEnvelope, type TaskAwarded, type TaskInput } from '@agora/contracts';
import { defaultSkills, parseAgentDefinitions } from '@agora/executor/domain';
import { chatAnswer, fakeOpenAiServer, type FakeOpenAi } from '@agora/llm/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLoop } from '../agent-loop/agent-loop.service';
import type { McpTools } from '../agent-loop/mcp-tools.service';
import type { ExecutorConfig } from '../executor-config';
import type { MemorySearchClient } from './memory-search.client';
import { SkillRunner } from './skill-runner.service';

const base = {
  instanceId: 'i',
  KAFKA_TOPIC_PREFIX: '',
  HEARTBEAT_INTERVAL_MS: 1_000,
  LEASE_RENEW_MS: 1_000,
  DRAIN_TIMEOUT_MS: 1_000,
  TASK_TIMEOUT_MS: 10_000,
  MEMORY_SEARCH_TIMEOUT_MS: 1_000,
  SHELL_ALLOWLIST: [],
  SHELL_TIMEOUT_MS: 1_000,
  HTTP_ALLOWLIST: [],
  HTTP_TIMEOUT_MS: 1_000,
  LLM_PROVIDER: 'none',
  LLM_TIMEOUT_MS: 5_000,
  LLM_PRICE_INPUT_PER_1K: 0,
  LLM_PRICE_OUTPUT_PER_1K: 0,
} satisfies Omit<ExecutorConfig, 'agents'>;

const noMemory = {} as MemorySearchClient;
const noMcp = { toolsFor: () => Promise.resolve([]) } as unknown as McpTools;

function runner(agents: unknown[]): SkillRunner {
  const config: ExecutorConfig = { ...base, agents: parseAgentDefinitions(agents, 'test') };
  return new SkillRunner(config, defaultSkills(), noMemory, new AgentLoop(), noMcp);
}

const award = (agentId: string, capability: string): TaskAwarded => ({
  envelope: newEnvelope({ producer: { service: 'auction', version: '0' }, goalId: 'g' }),
  taskId: 't',
  attempt: 1,
  round: 1,
  incarnation: '',
  taskName: capability,
  capability,
  agentId,
  leaseExpiresAt: Date.now() + 10_000,
  score: 1,
  bidders: [agentId],
  scores: [],
  input: '',
  feedback: null,
});
const input = {
  goal: 'Kafka ordering',
  inputs: {},
  params: {},
  upstream: [],
} as unknown as TaskInput;

describe('SkillRunner: who does a step', () => {
  let api: FakeOpenAi;
  beforeAll(async () => {
    api = await fakeOpenAiServer(chatAnswer('A post by the model.', { model: 'm' }));
  });
  afterAll(() => api.close());

  const withModel = (id: string) => ({
    id,
    capabilities: ['write', 'report'],
    capacity: 1,
    model: { provider: 'openai', baseUrl: `http://127.0.0.1:1/v1`, model: 'm' },
  });

  it("uses the agent's own model for a skill with a prompt, and the skill for the others", async () => {
    const agents = [
      { ...withModel('thinker'), model: { provider: 'openai', baseUrl: api.baseUrl, model: 'm' } },
      { id: 'plain', capabilities: ['write'], capacity: 1 },
    ];
    const skills = runner(agents);
    const signal = new AbortController().signal;
    const byModel = await skills.run(award('thinker', 'write'), input, signal);
    expect(byModel).toMatchObject({
      output: { kind: 'text', text: 'A post by the model.' },
      model: 'openai/m',
      inputTokens: 100,
    });
    // report has no prompt: done by its skill even for an agent with a model.
    const report = await skills.run(award('thinker', 'report'), input, signal);
    expect(report.model).toBeNull();
    expect(report.output.kind).toBe('report');
    // No model anywhere: the deterministic skill, as before.
    const plain = await skills.run(award('plain', 'write'), input, signal);
    expect(plain.model).toBeNull();
    expect(api.requests).toHaveLength(1);
  });

  it('refuses to start when the variable an agent names for its key is unset', () => {
    const agent = {
      ...withModel('keyed'),
      model: { ...withModel('keyed').model, apiKeyEnv: 'AGORA_UNSET_KEY_FOR_TEST' },
    };
    expect(() => runner([agent])).toThrow(
      'agent keyed: model.apiKeyEnv: environment variable AGORA_UNSET_KEY_FOR_TEST is not set',
    );
  });
});
