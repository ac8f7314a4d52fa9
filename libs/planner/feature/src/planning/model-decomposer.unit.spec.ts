import { openAiModel } from '@agora/llm';
import {
  chatAnswer,
  fakeOpenAiServer,
  serverError,
  type FakeOpenAi,
  type FakeReply,
} from '@agora/llm/testing';
import { choosePlan, WorkflowCatalog, type PlanningUsage } from '@agora/planner/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelDecomposer, modelDecomposerFromSettings } from './model-decomposer';

const servers: FakeOpenAi[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A local OpenAI-compatible server answering each request with the next reply (the last repeats). */
async function fakeOpenAi(script: FakeReply[]): Promise<FakeOpenAi> {
  const api = await fakeOpenAiServer(script);
  servers.push(api);
  return api;
}

const answer = (text: string) =>
  chatAnswer(text, { model: 'planner-test', promptTokens: 400, completionTokens: 100 });

const catalog = WorkflowCatalog.fromDirectory();
const goal = { goalId: 'g1', goal: 'Explain Kafka to beginners', inputs: { tone: 'friendly' } };

function decomposer(baseUrl: string): ModelDecomposer {
  return new ModelDecomposer(
    openAiModel({
      model: 'planner-test',
      baseUrl,
      maxAttempts: 3,
      initialDelayMs: 5,
      maxDelayMs: 10,
      priceInputPer1k: 1,
      priceOutputPer1k: 2,
    }),
  );
}

async function plan(model: ModelDecomposer) {
  const reasons: string[] = [];
  const spent: PlanningUsage[] = [];
  const choice = await choosePlan(
    { ...goal, workflow: null, onUsage: (u) => spent.push(u) },
    { catalog, defaultWorkflow: 'research', model, onFallback: (reason) => reasons.push(reason) },
  );
  return { choice, reasons, spent };
}

const threeSteps = {
  name: 'kafka-primer',
  description: 'gather, write, review',
  steps: [
    { name: 'collect', capability: 'gather', params: { query: 'kafka basics' } },
    { name: 'draft', capability: 'write', dependsOn: ['collect'], maxAttempts: 2 },
    { name: 'check', capability: 'review', dependsOn: ['draft'] },
  ],
};

describe('ModelDecomposer against an OpenAI-compatible server', () => {
  it("uses the model's valid plan, fenced in ```json, and counts its tokens", async () => {
    const api = await fakeOpenAi([
      answer('Here you go:\n```json\n' + JSON.stringify(threeSteps, null, 2) + '\n```'),
    ]);
    const { choice, reasons, spent } = await plan(decomposer(api.baseUrl));

    expect(reasons).toEqual([]);
    expect(choice.source).toBe('model');
    expect(choice.workflow.name).toBe('kafka-primer');
    expect(choice.workflow.steps.map((s) => [s.name, s.capability, s.dependsOn])).toEqual([
      ['collect', 'gather', []],
      ['draft', 'write', ['collect']],
      ['check', 'review', ['draft']],
    ]);
    expect(choice.workflow.steps.map((s) => s.maxAttempts)).toEqual([3, 2, 3]);
    expect(choice.usage).toEqual({ inputTokens: 400, outputTokens: 100, costUsd: 0.6 });
    expect(spent).toHaveLength(1);

    // The model was told the goal, its inputs, the capabilities and asked for JSON only.
    expect(api.requests).toHaveLength(1);
    const [system, user] = api.requests[0]!.messages;
    expect(system?.content).toMatch(/JSON/);
    expect(system?.content).toContain('remediate');
    expect(user?.content).toContain('Explain Kafka to beginners');
    expect(user?.content).toContain('tone: friendly');
    expect(api.requests[0]!.temperature).toBe(0);
  });

  it('falls back to the default workflow when the plan names a capability it cannot tell the output of', async () => {
    const bad = { name: 'bad', steps: [{ name: 'fly', capability: 'teleport' }] };
    const api = await fakeOpenAi([answer(JSON.stringify(bad))]);
    const { choice, reasons } = await plan(decomposer(api.baseUrl));

    expect(choice).toMatchObject({ source: 'workflow', workflow: { name: 'research' } });
    expect(reasons).toEqual([
      expect.stringMatching(
        /plan from openai\/planner-test was unusable .*step 'fly': field 'output'.*using workflow 'research'/,
      ),
    ]);
    // The unusable answer was paid for all the same.
    expect(choice.usage?.inputTokens).toBe(400);
  });

  it('falls back when the plan has a dependency cycle', async () => {
    const cyclic = {
      name: 'loop',
      steps: [
        { name: 'a', capability: 'gather', dependsOn: ['c'] },
        { name: 'b', capability: 'analyze', dependsOn: ['a'] },
        { name: 'c', capability: 'report', dependsOn: ['b'] },
      ],
    };
    const api = await fakeOpenAi([answer(JSON.stringify(cyclic))]);
    const { choice, reasons } = await plan(decomposer(api.baseUrl));

    expect(choice).toMatchObject({ source: 'workflow', workflow: { name: 'research' } });
    expect(reasons).toEqual([
      expect.stringMatching(/dependency cycle .*using workflow 'research'/),
    ]);
  });

  it('falls back when the answer is not JSON', async () => {
    const api = await fakeOpenAi([answer('I would start by reading about Kafka.')]);
    const { choice, reasons } = await plan(decomposer(api.baseUrl));

    expect(choice.source).toBe('workflow');
    expect(reasons).toEqual([expect.stringMatching(/no JSON object in the answer/)]);
  });

  it('falls back when the server keeps answering 500, after the retries', async () => {
    const api = await fakeOpenAi([serverError]);
    const { choice, reasons, spent } = await plan(decomposer(api.baseUrl));

    expect(choice).toMatchObject({ source: 'workflow', workflow: { name: 'research' } });
    expect(choice.usage).toBeUndefined();
    expect(spent).toEqual([]);
    expect(api.requests).toHaveLength(3);
    expect(reasons).toEqual([
      expect.stringMatching(
        /plan from openai\/planner-test was unusable .*using workflow 'research'/,
      ),
    ]);
  });
});

describe('modelDecomposerFromSettings', () => {
  const settings = {
    LLM_TIMEOUT_MS: 1_000,
    LLM_PRICE_INPUT_PER_1K: 0,
    LLM_PRICE_OUTPUT_PER_1K: 0,
  };

  it('gives no decomposer when LLM_PROVIDER is none', () => {
    expect(modelDecomposerFromSettings({ ...settings, LLM_PROVIDER: 'none' })).toBeUndefined();
  });

  it('gives a decomposer named after the provider and model otherwise', () => {
    const decomposer = modelDecomposerFromSettings({
      ...settings,
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'llama3',
      LLM_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(decomposer?.name).toBe('openai/llama3');
  });
});
