import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { testExecutorSettings } from '../testing/executor-config';
import type { AddressInfo } from 'node:net';
import { newEnvelope, type TaskAwarded, type TaskInput } from '@agora/contracts';
import { defaultSkills, parseAgentDefinitions, type SkillContext } from '@agora/executor/domain';
import {
  chatAnswer,
  chatToolCalls,
  fakeOpenAiServer,
  type FakeChatRequest,
  type FakeOpenAi,
  type FakeReply,
} from '@agora/llm/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutorConfig } from '../executor-config';
import type { MemorySearchClient } from '../skills/memory-search.client';
import { SkillRunner } from '../skills/skill-runner.service';
import { AgentLoop } from './agent-loop.service';
import { agentTools, toolsFor } from './agent-tools';
import type { McpTools } from './mcp-tools.service';

/** A goal as the fake planner serves it at GET /goals/:id. */
interface FakeGoal {
  state: string;
  output?: string | null;
  failure?: { code: string; reason: string; taskId: string | null } | null;
  priority?: number;
  deadlineAt?: string | null;
}

/**
 * The planner's goal API, as far as ask_agent uses it: POST /goals records the body and answers
 * with the next id; GET /goals/:id answers from `goals`, where a function is asked afresh at
 * every read (how many reads of that goal so far).
 */
async function fakePlanner(
  goals: Record<string, FakeGoal | ((reads: number) => FakeGoal)>,
  refuse?: { status: number; body: unknown },
) {
  const submitted: Record<string, unknown>[] = [];
  const keys: (string | undefined)[] = [];
  const reads = new Map<string, number>();
  let next = 1;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST' && req.url === '/goals') {
        submitted.push(JSON.parse(raw) as Record<string, unknown>);
        keys.push(req.headers['idempotency-key'] as string | undefined);
        if (refuse) return json(refuse.status, refuse.body);
        return json(202, { goalId: `sub-${next++}` });
      }
      const id = /^\/goals\/([^/]+)$/.exec(req.url ?? '')?.[1];
      const entry = id === undefined ? undefined : goals[decodeURIComponent(id)];
      if (req.method !== 'GET' || id === undefined || !entry) {
        return json(404, { statusCode: 404, message: `goal ${id} not found` });
      }
      const n = (reads.get(id) ?? 0) + 1;
      reads.set(id, n);
      const goal = typeof entry === 'function' ? entry(n) : entry;
      json(200, {
        goalId: id,
        state: goal.state,
        output: goal.output ?? null,
        failure: goal.failure ?? null,
        reason: goal.failure?.reason ?? null,
        priority: goal.priority ?? 0,
        budget: { deadlineAt: goal.deadlineAt ?? null, maxTasks: null, maxCostUsd: null },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    submitted,
    keys,
    reads: (id: string) => reads.get(id) ?? 0,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const base = testExecutorSettings;

const noMemory = {} as MemorySearchClient;
const noMcp = { toolsFor: () => Promise.resolve([]) } as unknown as McpTools;

/** A runner hosting one model-backed responder allowed ask_agent, its model at `model`. */
function runner(model: FakeOpenAi, plannerUrl?: string): SkillRunner {
  const agents = parseAgentDefinitions(
    [
      {
        id: 'concierge',
        capabilities: ['respond'],
        capacity: 1,
        model: { provider: 'openai', baseUrl: model.baseUrl, model: 'm' },
        tools: ['ask_agent', 'memory_search'],
        memory: { maxVisibility: 'public' },
      },
    ],
    'test',
  );
  const config: ExecutorConfig = {
    ...base,
    agents,
    ...(plannerUrl ? { PLANNER_URL: plannerUrl } : {}),
  };
  return new SkillRunner(config, defaultSkills(), noMemory, new AgentLoop(), noMcp);
}

const award: TaskAwarded = {
  envelope: newEnvelope({ producer: { service: 'auction', version: '0' }, goalId: 'parent-1' }),
  taskId: 'parent-1/respond',
  attempt: 1,
  round: 1,
  incarnation: '',
  taskName: 'respond',
  capability: 'respond',
  agentId: 'concierge',
  leaseExpiresAt: Date.now() + 10_000,
  score: 1,
  bidders: ['concierge'],
  scores: [],
  input: '',
  feedback: null,
};

const input = (inputs: Record<string, string> = {}): TaskInput => ({
  goal: 'Answer this customer',
  inputs: { message: 'I was charged twice for my subscription', ...inputs },
  params: {},
  upstream: [],
});

/** The model: calls ask_agent with `args`, then answers with the tool's result quoted. */
const asking = (args: Record<string, unknown>): FakeReply[] => [
  chatToolCalls([{ id: 'ask_1', name: 'ask_agent', arguments: args }], { model: 'm' }),
  (res, body) => {
    const tool = (body as FakeChatRequest).messages.find((m) => m.role === 'tool');
    chatAnswer(`The desk said: ${tool?.content ?? 'nothing'}`, { model: 'm' })(res);
  },
];

const toolNames = (request: FakeChatRequest | undefined) =>
  ((request?.['tools'] ?? []) as { function: { name: string } }[]).map((t) => t.function.name);

const toolResult = (request: FakeChatRequest | undefined) =>
  request?.messages.find((m) => m.role === 'tool')?.content;

describe('the ask_agent tool', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const classify = { capability: 'classify', request: 'I was charged twice for my subscription' };

  it('is not offered without PLANNER_URL, even to an agent allowed it', async () => {
    const model = await fakeOpenAiServer(chatAnswer('An answer.', { model: 'm' }));
    open.push(model);
    await runner(model).run(award, input(), new AbortController().signal);
    expect(toolNames(model.requests[0])).toEqual(['memory_search']);

    const planner = await fakePlanner({});
    open.push(planner);
    await runner(model, planner.url).run(award, input(), new AbortController().signal);
    expect(toolNames(model.requests[1])).toEqual(['ask_agent', 'memory_search']);
    // The tool itself says so when a context lacks the planner.
    const ctx = { agentId: 'a', signal: new AbortController().signal } as SkillContext;
    expect(toolsFor(['ask_agent'], ctx)).toEqual([]);
    await expect(agentTools.ask_agent.run(classify, ctx, 'call-1')).rejects.toThrow(
      'ask_agent is not available in this executor',
    );
  });

  it('submits a one-step sub-goal marked with its parent, waits for it to end and hands the model its output', async () => {
    const classification = '{"kind":"classification","label":"billing","confidence":0.9}';
    const planner = await fakePlanner({
      'parent-1': {
        state: 'running',
        priority: 3,
        deadlineAt: new Date(Date.now() + 6_000).toISOString(),
      },
      'sub-1': (reads) =>
        reads < 3 ? { state: 'running' } : { state: 'completed', output: classification },
    });
    const model = await fakeOpenAiServer(asking(classify));
    open.push(planner, model);

    const result = await runner(model, planner.url).run(
      award,
      input(),
      new AbortController().signal,
    );

    expect(planner.submitted).toHaveLength(1);
    // Made again (a resumed attempt), the same call finds this sub-goal instead of starting another.
    expect(planner.keys).toEqual([
      expect.stringMatching(/^ask:parent-1\/respond:[^:]+:[0-9a-f]{16}$/),
    ]);
    const body = planner.submitted[0]!;
    expect(body).toMatchObject({
      goal: 'I was charged twice for my subscription',
      inputs: {
        parentGoalId: 'parent-1',
        parentTaskId: 'parent-1/respond',
        delegationDepth: '1',
      },
      plan: {
        description: "Asked by agent concierge for step 'respond' of goal parent-1",
        // The concierge may quote only public documents: so may the agent it asks.
        steps: [{ name: 'classify', capability: 'classify', params: { quote: 'public' } }],
      },
      priority: 3,
    });
    // Due by the parent goal's deadline (6 s), before the attempt's time-out (10 s).
    const { deadlineSeconds } = (body as { budget: { deadlineSeconds: number } }).budget;
    expect(deadlineSeconds).toBeGreaterThanOrEqual(4);
    expect(deadlineSeconds).toBeLessThanOrEqual(6);
    // Read until it ended.
    expect(planner.reads('sub-1')).toBe(3);
    expect(JSON.parse(toolResult(model.requests[1])!)).toEqual({
      goalId: 'sub-1',
      output: classification,
    });
    expect(result.output).toEqual({
      kind: 'text',
      text: `The desk said: {"goalId":"sub-1","output":${JSON.stringify(classification)}}`,
    });
  });

  it("is due by the attempt's time-out when the parent goal has no deadline", async () => {
    const planner = await fakePlanner({
      'parent-1': { state: 'running' },
      'sub-1': { state: 'completed', output: 'done' },
    });
    const model = await fakeOpenAiServer(asking(classify));
    open.push(planner, model);
    await runner(model, planner.url).run(award, input(), new AbortController().signal);
    const { budget, priority } = planner.submitted[0] as {
      budget: { deadlineSeconds: number };
      priority: number;
    };
    expect(budget.deadlineSeconds).toBeGreaterThanOrEqual(9);
    expect(budget.deadlineSeconds).toBeLessThanOrEqual(10);
    expect(priority).toBe(0);
  });

  it('tells the model why the sub-goal failed, and goes on', async () => {
    const planner = await fakePlanner({
      'parent-1': { state: 'running' },
      'sub-1': {
        state: 'failed',
        failure: {
          code: 'unplannable',
          reason: "no agent has ever declared capability 'teleport'",
          taskId: null,
        },
      },
    });
    const model = await fakeOpenAiServer(
      asking({ capability: 'teleport', request: 'Beam me up', output: 'text' }),
    );
    open.push(planner, model);
    const result = await runner(model, planner.url).run(
      award,
      input(),
      new AbortController().signal,
    );
    expect(JSON.parse(toolResult(model.requests[1])!)).toEqual({
      error:
        "sub-goal sub-1 failed (unplannable): no agent has ever declared capability 'teleport'",
    });
    expect(result.output.kind).toBe('text');
  });

  it("passes on the planner's refusal of a sub-goal", async () => {
    const planner = await fakePlanner(
      { 'parent-1': { state: 'running' } },
      {
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message:
            "plan: step 'summarize': field 'output': 'summarize' is not a built-in capability: say which kind of output it produces",
        },
      },
    );
    const model = await fakeOpenAiServer(asking({ capability: 'summarize', request: 'Sum up' }));
    open.push(planner, model);
    await runner(model, planner.url).run(award, input(), new AbortController().signal);
    expect(JSON.parse(toolResult(model.requests[1])!)).toEqual({
      error:
        "the planner answered POST /goals with 400: plan: step 'summarize': field 'output': 'summarize' is not a built-in capability: say which kind of output it produces",
    });
  });

  it('refuses beyond depth 2 and bad arguments without asking the planner anything', async () => {
    const planner = await fakePlanner({ 'parent-1': { state: 'running' } });
    open.push(planner);
    const depth = await fakeOpenAiServer(asking(classify));
    open.push(depth);
    await runner(depth, planner.url).run(
      award,
      input({ delegationDepth: '2' }),
      new AbortController().signal,
    );
    expect(JSON.parse(toolResult(depth.requests[1])!)).toEqual({
      error:
        "delegation depth limit reached: this task's goal is a sub-goal at depth 2, and sub-goals may go 2 deep; do this part yourself",
    });

    const bad = await fakeOpenAiServer(asking({ capability: 'classify' }));
    open.push(bad);
    await runner(bad, planner.url).run(award, input(), new AbortController().signal);
    expect(JSON.parse(toolResult(bad.requests[1])!)).toEqual({
      error: "argument 'request' is required and must be a non-empty string",
    });
    expect(planner.submitted).toEqual([]);
    expect(planner.reads('parent-1')).toBe(0);

    // A sub-goal one level deep may still ask: its own would be at depth 2.
    const second = await fakeOpenAiServer(asking(classify));
    open.push(second);
    const deep = await fakePlanner({
      'parent-1': { state: 'running' },
      'sub-1': { state: 'completed', output: 'ok' },
    });
    open.push(deep);
    await runner(second, deep.url).run(
      award,
      input({ delegationDepth: '1' }),
      new AbortController().signal,
    );
    expect(deep.submitted[0]).toMatchObject({ inputs: { delegationDepth: '2' } });
  });

  it('stops waiting when the task is aborted', async () => {
    const planner = await fakePlanner({
      'parent-1': { state: 'running' },
      'sub-1': { state: 'running' },
    });
    const model = await fakeOpenAiServer(asking(classify));
    open.push(planner, model);
    const controller = new AbortController();
    const running = runner(model, planner.url).run(award, input(), controller.signal);
    const outcome = running.catch((error: unknown) => error);
    await expect.poll(() => planner.reads('sub-1'), { timeout: 5_000 }).toBeGreaterThan(1);
    controller.abort();
    expect(await outcome).toMatchObject({ name: 'SkillError', message: 'aborted' });
    const readsAtAbort = planner.reads('sub-1');
    await new Promise((r) => setTimeout(r, 800));
    expect(planner.reads('sub-1')).toBeLessThanOrEqual(readsAtAbort + 1);
    // The model was never asked again: the attempt ended with the wait.
    expect(model.requests).toHaveLength(1);
  });
});
