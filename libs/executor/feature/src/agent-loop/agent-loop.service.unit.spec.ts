import type { TaskInput } from '@agora/contracts';
import type { SkillContext } from '@agora/executor/domain';
import type { ChatRequest, ChatResponse, LanguageModel, ToolCall } from '@agora/llm';
import { describe, expect, it } from 'vitest';
import { SkillError } from '../skills/skill-error';
import { AgentLoop, parseAnswer, type AgentLoopRequest } from './agent-loop.service';
import { toolsFor } from './agent-tools';

/** A model that plays a script of turns and keeps what it was sent. */
function scriptedModel(turns: (Partial<ChatResponse> & { toolCalls?: ToolCall[] })[]) {
  const requests: ChatRequest[] = [];
  const model: LanguageModel = {
    model: 'fake/scripted',
    complete: () => Promise.reject(new Error('not used')),
    chat: (request) => {
      // The conversation grows in place; keep a copy of what this turn saw.
      requests.push({ ...request, messages: [...request.messages] });
      const turn = turns[Math.min(requests.length - 1, turns.length - 1)]!;
      return Promise.resolve({
        text: turn.text ?? '',
        toolCalls: turn.toolCalls ?? [],
        model: 'fake/scripted',
        usage: turn.usage ?? { inputTokens: 100, outputTokens: 10, costUsd: 0.01 },
      });
    },
  };
  return { model, requests };
}

const input: TaskInput = {
  goal: 'a post about Kafka',
  inputs: {},
  params: {},
  upstream: [],
};

function context(over: Partial<SkillContext> = {}): SkillContext {
  return {
    agentId: 'writer-1',
    signal: new AbortController().signal,
    progress: () => undefined,
    searchMemory: ({ query }) =>
      Promise.resolve([
        {
          itemId: 'kafka-1',
          title: 'Kafka',
          source: null,
          content: `Kafka is a distributed log. It keeps records in order per partition. ${query}`,
        },
      ]),
    runCommand: () => Promise.reject(new Error("command 'rm -rf /' is not on the allow-list")),
    httpGet: () => Promise.reject(new Error('timed out after 10000 ms')),
    ...over,
  };
}

const request = (model: LanguageModel, over: Partial<AgentLoopRequest> = {}): AgentLoopRequest => {
  const ctx = over.ctx ?? context();
  return {
    model,
    system: 'You write.',
    skillName: 'write',
    input,
    outputKind: 'text',
    tools: toolsFor(['memory_search', 'shell', 'http_get', 'memory_write'], ctx),
    ctx,
    maxVisibility: 'internal',
    limits: { maxIterations: 8 },
    ...over,
  };
};

const call = (name: string, args: Record<string, unknown>, id = `c-${name}`): ToolCall => ({
  id,
  name,
  arguments: args,
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as SkillError,
  );

describe('AgentLoop', () => {
  it('runs the tools the model calls, then wraps its plain text answer as text', async () => {
    const { model, requests } = scriptedModel([
      { toolCalls: [call('memory_search', { query: 'kafka log' })] },
      { text: 'Kafka keeps records in order [kafka-1].' },
    ]);
    const result = await new AgentLoop().run(request(model));
    expect(result).toEqual({
      output: { kind: 'text', text: 'Kafka keeps records in order [kafka-1].' },
      inputTokens: 200,
      outputTokens: 20,
      costUsd: 0.02,
      model: 'fake/scripted',
      iterations: 2,
      replayedSteps: 0,
    });
    // memory_write is not offered without a memory writer.
    expect(requests[0]!.tools!.map((t) => t.name)).toEqual(['memory_search', 'shell', 'http_get']);
    const toolResult = requests[1]!.messages[2]!;
    expect(toolResult).toMatchObject({ role: 'tool', toolCallId: 'c-memory_search' });
    const hits = JSON.parse((toolResult as { content: string }).content) as unknown[];
    expect(hits[0]).toMatchObject({ itemId: 'kafka-1', title: 'Kafka' });
    expect(JSON.stringify(hits[0])).toContain('quote');
  });

  it('hands tool failures back to the model as results, and carries on', async () => {
    const { model, requests } = scriptedModel([
      {
        toolCalls: [
          call('shell', { command: 'rm -rf /' }),
          call('http_get', { url: 'https://x.test' }),
          call('shell', {}, 'c-empty'),
          call('launch_missiles', {}),
        ],
      },
      { text: 'I could not check the host.' },
    ]);
    const result = await new AgentLoop().run(request(model));
    expect(result.output).toEqual({ kind: 'text', text: 'I could not check the host.' });
    const results = requests[1]!.messages.slice(2).map((m) => (m as { content: string }).content);
    expect(results).toEqual([
      JSON.stringify({ error: "command 'rm -rf /' is not on the allow-list" }),
      JSON.stringify({ error: 'timed out after 10000 ms' }),
      JSON.stringify({ error: "argument 'command' is required and must be a non-empty string" }),
      JSON.stringify({
        error: "no tool 'launch_missiles'; available: memory_search, shell, http_get",
      }),
    ]);
  });

  it('writes to memory when the executor can', async () => {
    const written: unknown[] = [];
    const ctx = context({
      writeMemory: (doc) => {
        written.push(doc);
        return Promise.resolve();
      },
    });
    const { model } = scriptedModel([
      { toolCalls: [call('memory_write', { title: 'Note', content: 'Kafka is a log.' })] },
      { text: 'stored' },
    ]);
    await new AgentLoop().run(request(model, { ctx, tools: toolsFor(['memory_write'], ctx) }));
    expect(written).toEqual([{ title: 'Note', content: 'Kafka is a log.' }]);
  });

  it('repairs an invalid structured answer once, naming the field problems', async () => {
    const valid = { kind: 'report', title: 'Kafka', markdown: 'Kafka is a log.', citations: [] };
    const { model, requests } = scriptedModel([
      { text: '```json\n{"kind":"report","title":"Kafka","citations":[]}\n```' },
      { text: JSON.stringify(valid) },
    ]);
    const result = await new AgentLoop().run(request(model, { outputKind: 'report' }));
    expect(result.output).toEqual(valid);
    expect(result.iterations).toBe(2);
    const repair = requests[1]!.messages.at(-1) as { role: string; content: string };
    expect(repair.role).toBe('user');
    expect(repair.content).toContain("not a valid 'report' output");
    expect(repair.content).toContain("'markdown' must be a string");
    // The first prompt gave the kind's JSON Schema.
    expect((requests[0]!.messages[0] as { content: string }).content).toContain('"markdown"');
  });

  it('fails for good when the repaired answer is still invalid, with its problems', async () => {
    const { model } = scriptedModel([{ text: '{"kind":"report","title":"Kafka"}' }]);
    const error = await failure(new AgentLoop().run(request(model, { outputKind: 'report' })));
    expect(error).toBeInstanceOf(SkillError);
    expect(error.retriable).toBe(false);
    expect(error.message).toMatch(
      /not a valid report output after a repair turn: .*'markdown' must be a string/,
    );
  });

  it('stops at the iteration limit', async () => {
    const { model, requests } = scriptedModel([
      { toolCalls: [call('memory_search', { query: 'q' })] },
    ]);
    const error = await failure(
      new AgentLoop().run(request(model, { limits: { maxIterations: 3 } })),
    );
    expect(error.retriable).toBe(false);
    expect(error.message).toMatch(/^limit maxIterations reached: 3 model turns/);
    expect(requests).toHaveLength(3);
  });

  it('stops when tokens or cost go over their limits', async () => {
    const looping = () =>
      scriptedModel([
        {
          toolCalls: [call('memory_search', { query: 'q' })],
          usage: { inputTokens: 600, outputTokens: 100, costUsd: 0.3 },
        },
      ]).model;
    const tokens = await failure(
      new AgentLoop().run(request(looping(), { limits: { maxIterations: 8, maxTokens: 1_000 } })),
    );
    expect(tokens.message).toBe(
      'limit maxTokens exceeded: 1400 tokens used, 1000 allowed per attempt',
    );
    expect(tokens.retriable).toBe(false);
    const cost = await failure(
      new AgentLoop().run(request(looping(), { limits: { maxIterations: 8, maxCostUsd: 0.5 } })),
    );
    expect(cost.message).toBe('limit maxCostUsd exceeded: $0.6 spent, $0.5 allowed per attempt');
  });
});

describe('parseAnswer', () => {
  it('reads text as text, and JSON text outputs as they are', () => {
    expect(parseAnswer('  Hello {world}  ', 'text')).toEqual({
      ok: true,
      output: { kind: 'text', text: 'Hello {world}' },
    });
    expect(parseAnswer('{"kind":"text","text":"hi"}', 'text')).toEqual({
      ok: true,
      output: { kind: 'text', text: 'hi' },
    });
  });

  it('fills a missing kind, refuses another kind and empty answers', () => {
    expect(parseAnswer('Here: {"text":"hi"} as asked', 'text')).toEqual({
      ok: true,
      output: { kind: 'text', text: 'hi' },
    });
    expect(
      parseAnswer('```json\n{"title":"T","markdown":"M","citations":[]}\n```', 'report'),
    ).toEqual({
      ok: true,
      output: { kind: 'report', title: 'T', markdown: 'M', citations: [] },
    });
    expect(parseAnswer('{"kind":"text","text":"hi"}', 'report')).toEqual({
      ok: false,
      problems: ["expected kind 'report', not 'text'"],
    });
    expect(parseAnswer('  ', 'text')).toEqual({ ok: false, problems: ['the answer is empty'] });
  });
});

describe('the agent loop, streaming', () => {
  it('streams live turns with their turn number, and journals each turn whole', async () => {
    const turns: ChatResponse[] = [
      {
        text: 'Let me search. ',
        toolCalls: [call('memory_search', { query: 'kafka' })],
        model: 'fake/streaming',
        usage: { inputTokens: 10, outputTokens: 5, costUsd: 0 },
      },
      {
        text: 'Kafka keeps order per partition.',
        toolCalls: [],
        model: 'fake/streaming',
        usage: { inputTokens: 10, outputTokens: 5, costUsd: 0 },
      },
    ];
    let n = 0;
    const asked: boolean[] = [];
    const model: LanguageModel = {
      model: 'fake/streaming',
      complete: () => Promise.reject(new Error('not used')),
      chat: (req) => {
        const turn = turns[n++]!;
        asked.push(req.onToken !== undefined);
        // The text in pieces of five characters, as a provider would stream it.
        for (let i = 0; i < turn.text.length; i += 5) req.onToken?.(turn.text.slice(i, i + 5));
        return Promise.resolve(turn);
      },
    };
    const pieces: [string, number][] = [];
    const result = await new AgentLoop().run(
      request(model, { onText: (text, turn) => pieces.push([text, turn]) }),
    );
    expect(asked).toEqual([true, true]);
    expect(result.output).toEqual({ kind: 'text', text: 'Kafka keeps order per partition.' });
    const textOf = (turn: number) =>
      pieces
        .filter(([, t]) => t === turn)
        .map(([text]) => text)
        .join('');
    expect(textOf(1)).toBe('Let me search. ');
    expect(textOf(2)).toBe('Kafka keeps order per partition.');

    // Without onText the model is not asked to stream.
    n = 0;
    asked.length = 0;
    await new AgentLoop().run(request(model));
    expect(asked).toEqual([false, false]);
  });
});
