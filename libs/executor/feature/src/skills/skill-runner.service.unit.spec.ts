import { newEnvelope, type TaskAwarded, type TaskInput } from '@agora/contracts';
import { testExecutorSettings } from '../testing/executor-config';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultSkills, defineSkill, parseAgentDefinitions } from '@agora/executor/domain';
import { chatAnswer, chatToolCalls, fakeOpenAiServer, type FakeOpenAi } from '@agora/llm/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLoop } from '../agent-loop/agent-loop.service';
import type { McpTools } from '../agent-loop/mcp-tools.service';
import type { ExecutorConfig } from '../executor-config';
import type { MemorySearch, MemorySearchClient } from './memory-search.client';
import { SkillRunner } from './skill-runner.service';

const base = testExecutorSettings;

const noMemory = {} as MemorySearchClient;
const noMcp = { toolsFor: () => Promise.resolve([]) } as unknown as McpTools;

function runner(agents: unknown[], memory: MemorySearchClient = noMemory): SkillRunner {
  const config: ExecutorConfig = { ...base, agents: parseAgentDefinitions(agents, 'test') };
  return new SkillRunner(config, defaultSkills(), memory, new AgentLoop(), noMcp);
}

/** A memory that records the searches it is asked and answers each with one public passage. */
function recordingMemory(): { memory: MemorySearchClient; searches: MemorySearch[] } {
  const searches: MemorySearch[] = [];
  const memory = {
    search: (request: MemorySearch) => {
      searches.push(request);
      return Promise.resolve([
        {
          itemId: 'doc:faq#1',
          kind: 'knowledge',
          title: 'FAQ',
          source: null,
          content: 'A duplicate charge is refunded within five days.',
          score: 0.8,
          visibility: 'public',
        },
      ]);
    },
  } as unknown as MemorySearchClient;
  return { memory, searches };
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
    capabilities: ['write', 'detect'],
    capacity: 1,
    model: { provider: 'openai', baseUrl: `http://127.0.0.1:1/v1`, model: 'm' },
  });

  it("uses the agent's own model for a skill with a prompt, unless it lacks the tools the model needs", async () => {
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
    // A command step's model needs the shell tool, which the thinker is not allowed: the step
    // is done by its skill (here refused by the empty allow-list), never by the model.
    await expect(
      skills.run(award('thinker', 'detect'), { ...input, params: { command: 'uptime' } }, signal),
    ).rejects.toThrow("command 'uptime' is not allow-listed");
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

describe('SkillRunner: what a task may quote', () => {
  const signal = new AbortController().signal;
  const retrieve = (params: Record<string, unknown>) =>
    ({ ...input, goal: 'I was charged twice', params }) as TaskInput;
  const agents = [
    { id: 'staff', capabilities: ['retrieve', 'validate'], capacity: 1 },
    {
      id: 'front-desk',
      capabilities: ['retrieve'],
      capacity: 1,
      memory: { maxVisibility: 'public' },
    },
  ];

  it("sends every search with the stricter of the step's params.quote and the agent's memory.maxVisibility", async () => {
    const { memory, searches } = recordingMemory();
    const skills = runner(agents, memory);
    await skills.run(award('staff', 'retrieve'), retrieve({ quote: 'public' }), signal);
    await skills.run(award('staff', 'retrieve'), retrieve({}), signal);
    await skills.run(award('staff', 'retrieve'), retrieve({ quote: 'restricted' }), signal);
    await skills.run(award('front-desk', 'retrieve'), retrieve({ quote: 'internal' }), signal);
    await skills.run(award('front-desk', 'retrieve'), retrieve({}), signal);
    expect(searches.map((s) => s.maxVisibility)).toEqual([
      'public', // the step says public
      'internal', // nobody says: the default
      'restricted', // the step allows more, the agent sets no bound
      'public', // the agent's bound wins over the step's internal
      'public',
    ]);
    expect(searches.every((s) => s.requester === 'staff' || s.requester === 'front-desk')).toBe(
      true,
    );
  });

  it('applies it to look-ups by id as well', async () => {
    const { memory, searches } = recordingMemory();
    const validate = {
      ...input,
      params: { quote: 'public' },
      upstream: [
        {
          taskId: 'a',
          name: 'analyze',
          capability: 'analyze',
          output: {
            kind: 'analysis',
            points: [{ text: 'x', citations: [{ itemId: 'doc:policy#1', quote: 'x' }] }],
          },
        },
      ],
    } as unknown as TaskInput;
    await runner(agents, memory).run(award('staff', 'validate'), validate, signal);
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({ itemIds: ['doc:policy#1'], maxVisibility: 'public' });
  });

  it('fails the attempt for good when params.quote names no level', async () => {
    const { memory, searches } = recordingMemory();
    const failure = await runner(agents, memory)
      .run(award('staff', 'retrieve'), retrieve({ quote: 'everyone' }), signal)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: 'SkillError',
      retriable: false,
      message:
        'invalid step parameter params.quote: expected one of public, internal, restricted, got "everyone"',
    });
    expect(searches).toEqual([]);
  });

  it("bounds the agent loop's memory_search tool the same way", async () => {
    const turn = [
      chatToolCalls([{ name: 'memory_search', arguments: { query: 'charged twice' } }]),
      chatAnswer('Hello, the duplicate charge is refunded within five days.'),
    ];
    const api = await fakeOpenAiServer([...turn, ...turn]);
    try {
      const { memory, searches } = recordingMemory();
      const model = { provider: 'openai', baseUrl: api.baseUrl, model: 'm' };
      const skills = runner(
        [
          { id: 'writer', capabilities: ['respond'], capacity: 1, model },
          {
            id: 'desk',
            capabilities: ['respond'],
            capacity: 1,
            model,
            memory: { maxVisibility: 'public' },
          },
        ],
        memory,
      );
      const respond = { ...input, outputKind: 'text' } as TaskInput;
      const byStep = await skills.run(
        award('writer', 'respond'),
        { ...respond, params: { quote: 'public' } },
        signal,
      );
      expect(byStep.model).toBe('openai/m');
      await skills.run(award('desk', 'respond'), respond, signal);
      expect(searches.map((s) => [s.query, s.maxVisibility])).toEqual([
        ['charged twice', 'public'],
        ['charged twice', 'public'],
      ]);
    } finally {
      await api.close();
    }
  });

  it('stores what a task writes at least as privately as what it could read', async () => {
    const posted: { visibility?: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posted.push(...(JSON.parse(body) as { documents: { visibility?: string }[] }).documents);
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"documents":[]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const note = defineSkill({
        name: 'note',
        description: 'Writes a note.',
        capabilities: ['note'],
        output: 'text',
        async run(task, ctx) {
          const asked = task.params['visibility'];
          await ctx.writeMemory!({
            title: 'Note',
            content: 'A note.',
            ...(asked === 'public' || asked === 'restricted' ? { visibility: asked } : {}),
          });
          return { kind: 'text', text: 'noted' };
        },
      });
      const config: ExecutorConfig = {
        ...base,
        MEMORY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        agents: parseAgentDefinitions([{ id: 'a', capabilities: ['note'], capacity: 1 }], 'test'),
      };
      const skills = new SkillRunner(
        config,
        defaultSkills().register(note),
        noMemory,
        new AgentLoop(),
        noMcp,
      );
      const run = (params: Record<string, unknown>) =>
        skills.run(award('a', 'note'), { ...input, params }, signal);
      await run({}); // could read internal: writes internal
      await run({ visibility: 'public' }); // asks for public after reading internal: internal
      await run({ quote: 'public', visibility: 'public' }); // read only public: may write public
      await run({ quote: 'public', visibility: 'restricted' }); // may always write more privately
      expect(posted.map((d) => d.visibility)).toEqual([
        'internal',
        'internal',
        'public',
        'restricted',
      ]);
    } finally {
      server.close();
    }
  });
});
