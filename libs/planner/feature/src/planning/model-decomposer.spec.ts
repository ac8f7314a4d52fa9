import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openAiModel } from '@agora/llm';
import { choosePlan, WorkflowCatalog, type PlanningUsage } from '@agora/planner/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelDecomposer, modelDecomposerFromSettings } from './model-decomposer';

type Reply = (res: ServerResponse) => void;

/** A local OpenAI-compatible server answering each request with the next reply (the last repeats). */
async function fakeOpenAi(script: Reply[]) {
  const requests: { messages: { role: string; content: string }[]; temperature?: number }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(raw) as (typeof requests)[number]);
      script[Math.min(requests.length - 1, script.length - 1)]!(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});

const answer =
  (text: string): Reply =>
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 0,
        model: 'planner-test',
        choices: [
          { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 400, completion_tokens: 100, total_tokens: 500 },
      }),
    );
  };
const serverError: Reply = (res) => {
  res
    .writeHead(500, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
};

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

  it('falls back to the default workflow when the plan names an unknown capability', async () => {
    const bad = { name: 'bad', steps: [{ name: 'fly', capability: 'teleport' }] };
    const api = await fakeOpenAi([answer(JSON.stringify(bad))]);
    const { choice, reasons } = await plan(decomposer(api.baseUrl));

    expect(choice).toMatchObject({ source: 'workflow', workflow: { name: 'research' } });
    expect(reasons).toEqual([
      expect.stringMatching(
        /plan from openai\/planner-test was unusable .*step 'fly': field 'capability'.*using workflow 'research'/,
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
