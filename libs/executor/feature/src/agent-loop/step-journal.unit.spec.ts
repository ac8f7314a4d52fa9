import type { TaskAwarded, TaskInput, TaskStepJournaled, Visibility } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import type { SkillContext } from '@agora/executor/domain';
import type { ChatMessage, ChatRequest, LanguageModel, ToolCall } from '@agora/llm';
import { describe, expect, it } from 'vitest';
import { AgentLoop, type AgentLoopRequest } from './agent-loop.service';
import { toolsFor } from './agent-tools';
import {
  journalEvent,
  requestHash,
  resumePoint,
  stepOf,
  withinBound,
  type AttemptJournal,
  type AttemptJournals,
  type JournalStep,
  type RecordedStep,
} from './step-journal';

/**
 * The journal as a list of events, as the topic would hold them: steps are written through the
 * same event mapping the executor publishes with and read back through the same resume rules.
 * `crash` makes a write fail (the process died before the step was stored).
 */
class ListJournals implements AttemptJournals {
  readonly events: TaskStepJournaled[] = [];
  /** What happened, in order: each stored step, each model call and each tool run. */
  readonly log: string[] = [];
  crash: ((step: JournalStep) => boolean) | undefined;

  open(award: TaskAwarded, maxVisibility: Visibility): Promise<AttemptJournal> {
    const point = resumePoint(
      this.events.filter((e) => e.taskId === award.taskId),
      award.attempt,
    );
    const { steps } = withinBound(point.steps, maxVisibility);
    let seq = 0;
    return Promise.resolve({
      earlier: steps,
      resumedFrom: steps.length > 0 ? point.from : null,
      record: async (step: JournalStep, replayed: RecordedStep | null) => {
        // Stored a moment later, as a broker acknowledges: the loop must wait for it.
        await new Promise((r) => setTimeout(r, 2));
        if (this.crash?.(step)) throw new Error('the process died');
        seq += 1;
        this.events.push(
          journalEvent({ award, version: 'test', maxVisibility }, seq, step, replayed),
        );
        this.log.push(`stored ${step.kind}${replayed === null ? '' : ' (replayed)'}`);
      },
    });
  }

  of(attempt: number): TaskStepJournaled[] {
    return this.events.filter((e) => e.attempt === attempt);
  }
}

const toolResults = (messages: readonly ChatMessage[]) =>
  messages.filter((m) => m.role === 'tool').length;

/**
 * A model that decides from the conversation alone, as a deterministic model would: while it
 * has seen fewer than `calls` tool results it asks for the next call of `tool`, then answers.
 * `dieAt` makes it fail when it has seen that many results (the process dying mid-request).
 */
function conversationModel(
  journals: ListJournals,
  options: { tool: string; args: (n: number) => Record<string, unknown>; calls: number },
  dieAt?: number,
) {
  const requests: ChatRequest[] = [];
  const model: LanguageModel = {
    model: 'fake/conversation',
    complete: () => Promise.reject(new Error('not used')),
    chat: (request) => {
      requests.push({ ...request, messages: [...request.messages] });
      const seen = toolResults(request.messages);
      journals.log.push(`model call after ${seen} results`);
      if (seen === dieAt) return Promise.reject(new Error('the process died'));
      const usage = { inputTokens: 100, outputTokens: 10, costUsd: 0.001 };
      if (seen < options.calls) {
        const n = seen + 1;
        return Promise.resolve({
          text: '',
          toolCalls: [{ id: `call_${n}`, name: options.tool, arguments: options.args(n) }],
          usage,
          model: 'fake/conversation',
        });
      }
      return Promise.resolve({
        text: `Done after ${seen} calls.`,
        toolCalls: [],
        usage,
        model: 'fake/conversation',
      });
    },
  };
  return { model, requests };
}

const input: TaskInput = { goal: 'count to five', inputs: {}, params: {}, upstream: [] };

const awardOf = (attempt: number): TaskAwarded => ({
  ...sampleEvent('TaskAwarded'),
  taskId: 'goal-1/count',
  attempt,
});

/** A context whose shell and memory writes count what they are asked to do. */
function countingContext(journals: ListJournals) {
  const commands: string[] = [];
  const writes: string[] = [];
  const ctx: SkillContext = {
    agentId: 'writer-1',
    signal: new AbortController().signal,
    progress: () => undefined,
    searchMemory: () => Promise.resolve([]),
    runCommand: (command) => {
      commands.push(command);
      journals.log.push(`ran ${command}`);
      return Promise.resolve({
        kind: 'shell' as const,
        command,
        exitCode: 0,
        stdout: `${commands.length}\n`,
        stderr: '',
        durationMs: 1,
      });
    },
    httpGet: () => Promise.reject(new Error('not allowed')),
    writeMemory: (doc) => {
      writes.push(doc.title);
      journals.log.push(`wrote ${doc.title}`);
      return Promise.resolve();
    },
  };
  return { ctx, commands, writes };
}

const request = (
  model: LanguageModel,
  ctx: SkillContext,
  attempt: number,
  over: Partial<AgentLoopRequest> = {},
): AgentLoopRequest => ({
  model,
  system: 'You count.',
  skillName: 'count',
  input,
  outputKind: 'text',
  tools: toolsFor(['shell', 'memory_write'], ctx),
  ctx,
  maxVisibility: 'internal',
  limits: { maxIterations: 8 },
  award: awardOf(attempt),
  ...over,
});

const echo = { tool: 'shell', args: (n: number) => ({ command: `echo ${n}` }), calls: 5 };

describe('the journal of an agent loop', () => {
  it('stores every model turn, tool call and tool result before the loop goes on', async () => {
    const journals = new ListJournals();
    const { ctx } = countingContext(journals);
    const { model } = conversationModel(journals, { ...echo, calls: 1 });
    await new AgentLoop(journals).run(request(model, ctx, 1));

    // The tool runs only once its call is stored, the model sees its result only once that is.
    expect(journals.log).toEqual([
      'model call after 0 results',
      'stored model_call',
      'stored tool_call',
      'ran echo 1',
      'stored tool_result',
      'model call after 1 results',
      'stored model_call',
    ]);
    expect(journals.of(1).map((e) => [e.seq, e.kind, e.name, e.callId])).toEqual([
      [1, 'model_call', 'fake/conversation', null],
      [2, 'tool_call', 'shell', 'call_1'],
      [3, 'tool_result', 'shell', 'call_1'],
      [4, 'model_call', 'fake/conversation', null],
    ]);
    expect(JSON.parse(journals.of(1)[1]!.arguments!)).toEqual({ command: 'echo 1' });
    expect(JSON.parse(journals.of(1)[2]!.result!)).toMatchObject({ exitCode: 0, stdout: '1\n' });
    expect(journals.of(1)[0]!.usage).toMatchObject({ inputTokens: 100, outputTokens: 10 });
  });

  it('does not run a tool whose call could not be stored', async () => {
    const journals = new ListJournals();
    journals.crash = (step) => step.kind === 'tool_call';
    const { ctx, commands } = countingContext(journals);
    const { model } = conversationModel(journals, echo);
    await expect(new AgentLoop(journals).run(request(model, ctx, 1))).rejects.toThrow(
      'the process died',
    );
    expect(commands).toEqual([]);
  });

  it('resumes after a crash: five side-effecting calls in all, each made once', async () => {
    const journals = new ListJournals();
    const { ctx, commands } = countingContext(journals);
    // Attempt 1 dies while the model thinks about its third call.
    const first = conversationModel(journals, echo, 2);
    await expect(new AgentLoop(journals).run(request(first.model, ctx, 1))).rejects.toThrow(
      'the process died',
    );
    expect(commands).toEqual(['echo 1', 'echo 2']);

    journals.log.length = 0;
    const second = conversationModel(journals, echo);
    const result = await new AgentLoop(journals).run(request(second.model, ctx, 2));

    expect(commands).toEqual(['echo 1', 'echo 2', 'echo 3', 'echo 4', 'echo 5']);
    expect(result.output).toEqual({ kind: 'text', text: 'Done after 5 calls.' });
    // The model is asked only what attempt 1 never had answered: turns 3 to 6.
    expect(second.requests.map((r) => toolResults(r.messages))).toEqual([2, 3, 4, 5]);
    // Its first request is the conversation attempt 1 would have sent, word for word.
    expect(second.requests[0]!.messages).toEqual(first.requests[2]!.messages);
    expect(result.replayedSteps).toBe(6);
    // Usage and turns count the whole conversation: attempt 1 reported none of it.
    expect(result.iterations).toBe(6);
    expect(result.inputTokens).toBe(600);
    expect(journals.log.slice(0, 7)).toEqual([
      'stored model_call (replayed)',
      'stored tool_call (replayed)',
      'stored tool_result (replayed)',
      'stored model_call (replayed)',
      'stored tool_call (replayed)',
      'stored tool_result (replayed)',
      'model call after 2 results',
    ]);
    // Attempt 2's journal is whole on its own: the six replayed steps, then its own.
    const own = journals.of(2);
    expect(own.map((e) => e.seq)).toEqual(Array.from({ length: own.length }, (_, i) => i + 1));
    expect(own.map((e) => e.replayedFrom)).toEqual([...Array(6).fill(1), ...Array(10).fill(null)]);
    expect(own.filter((e) => e.kind === 'tool_result').map((e) => e.callId)).toEqual([
      'call_1',
      'call_2',
      'call_3',
      'call_4',
      'call_5',
    ]);
  });

  it('resumes a resumed attempt from where the last one got, on a third attempt', async () => {
    const journals = new ListJournals();
    const { ctx, commands } = countingContext(journals);
    await expect(
      new AgentLoop(journals).run(request(conversationModel(journals, echo, 1).model, ctx, 1)),
    ).rejects.toThrow();
    await expect(
      new AgentLoop(journals).run(request(conversationModel(journals, echo, 3).model, ctx, 2)),
    ).rejects.toThrow();
    const third = conversationModel(journals, echo);
    await new AgentLoop(journals).run(request(third.model, ctx, 3));
    expect(commands).toEqual(['echo 1', 'echo 2', 'echo 3', 'echo 4', 'echo 5']);
    expect(third.requests.map((r) => toolResults(r.messages))).toEqual([3, 4, 5]);
    // Steps keep the attempt that did them, however often they are replayed.
    expect(
      journals
        .of(3)
        .map((e) => e.replayedFrom)
        .slice(0, 9),
    ).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  it('does not carry what a search read under a wider bound into an attempt allowed less: the search is made again under its own', async () => {
    const journals = new ListJournals();
    const searched: string[] = [];
    /** A context whose searches return what memory would under `level`. */
    const bounded = (level: Visibility, content: string) => ({
      ...countingContext(journals).ctx,
      searchMemory: ({ query }: { query: string }) => {
        searched.push(`${level}: ${query}`);
        return Promise.resolve([{ itemId: `doc:${level}#1`, title: level, source: null, content }]);
      },
    });
    const staff = bounded('internal', 'Staff only: apply the override code in the ledger first.');
    const customers = bounded('public', 'A duplicate charge is reversed within five days.');
    const search = {
      tool: 'memory_search',
      args: (n: number) => ({ query: `charged twice ${n}` }),
      calls: 2,
    };
    const tools = (ctx: SkillContext) => toolsFor(['memory_search'], ctx);

    // Attempt 1, on an agent allowed internal documents, searches twice and dies.
    await expect(
      new AgentLoop(journals).run(
        request(conversationModel(journals, search, 2).model, staff, 1, {
          tools: tools(staff),
        }),
      ),
    ).rejects.toThrow('the process died');
    expect(journals.of(1).map((e) => e.visibility)).toEqual(Array(6).fill('internal'));

    // Attempt 2 goes to an agent that talks to customers.
    searched.length = 0;
    const second = conversationModel(journals, search);
    const result = await new AgentLoop(journals).run(
      request(second.model, customers, 2, { tools: tools(customers), maxVisibility: 'public' }),
    );
    // Only the first turn, which read nothing, is replayed; both searches run again, bounded.
    expect(result.replayedSteps).toBe(1);
    expect(searched).toEqual(['public: charged twice 1', 'public: charged twice 2']);
    expect(second.requests.map((r) => toolResults(r.messages))).toEqual([1, 2]);
    expect(JSON.stringify(second.requests)).not.toContain('override code');
    expect(JSON.stringify(second.requests)).toContain('reversed within five days');
    expect(journals.of(2).map((e) => [e.kind, e.replayedFrom, e.visibility])).toEqual([
      ['model_call', 1, 'internal'],
      ['tool_call', null, 'public'],
      ['tool_result', null, 'public'],
      ['model_call', null, 'public'],
      ['tool_call', null, 'public'],
      ['tool_result', null, 'public'],
      ['model_call', null, 'public'],
    ]);

    // What was read for customers may be replayed into an attempt allowed more.
    searched.length = 0;
    const third = conversationModel(journals, search);
    await new AgentLoop(journals).run(
      request(third.model, staff, 3, { tools: tools(staff), maxVisibility: 'internal' }),
    );
    expect(searched).toEqual([]);
    expect(third.requests).toEqual([]);
  });

  it('replays a final answer without asking the model again', async () => {
    const journals = new ListJournals();
    const { ctx } = countingContext(journals);
    const first = conversationModel(journals, { ...echo, calls: 1 });
    await new AgentLoop(journals).run(request(first.model, ctx, 1));
    const second = conversationModel(journals, { ...echo, calls: 1 });
    const result = await new AgentLoop(journals).run(request(second.model, ctx, 2));
    expect(second.requests).toEqual([]);
    expect(result.output).toEqual({ kind: 'text', text: 'Done after 1 calls.' });
  });

  it('does not make again an interrupted call of a tool that is not repeatable, and says so', async () => {
    const journals = new ListJournals();
    const { ctx, commands } = countingContext(journals);
    // The second command runs, then the process dies before its result is stored.
    journals.crash = (step) => step.kind === 'tool_result' && step.callId === 'call_2';
    await expect(
      new AgentLoop(journals).run(request(conversationModel(journals, echo).model, ctx, 1)),
    ).rejects.toThrow('the process died');
    journals.crash = undefined;
    expect(commands).toEqual(['echo 1', 'echo 2']);

    const second = conversationModel(journals, echo);
    await new AgentLoop(journals).run(request(second.model, ctx, 2));
    expect(commands).toEqual(['echo 1', 'echo 2', 'echo 3', 'echo 4', 'echo 5']);
    const told = second.requests[0]!.messages.at(-1)!;
    expect(told).toMatchObject({ role: 'tool', toolCallId: 'call_2' });
    expect(JSON.parse((told as { content: string }).content)).toEqual({
      error: expect.stringContaining('may or may not have taken effect') as string,
    });
    // That answer is journaled as attempt 2's own step, so a third attempt replays it as is.
    const notice = journals.of(2).find((e) => e.kind === 'tool_result' && e.callId === 'call_2');
    expect(notice?.replayedFrom).toBeNull();
  });

  it('makes an interrupted call again when its tool is repeatable', async () => {
    const journals = new ListJournals();
    const { ctx, writes } = countingContext(journals);
    const notes = {
      tool: 'memory_write',
      args: (n: number) => ({ title: `note ${n}`, content: 'x' }),
      calls: 3,
    };
    journals.crash = (step) => step.kind === 'tool_result' && step.callId === 'call_2';
    await expect(
      new AgentLoop(journals).run(request(conversationModel(journals, notes).model, ctx, 1)),
    ).rejects.toThrow('the process died');
    journals.crash = undefined;
    const second = conversationModel(journals, notes);
    await new AgentLoop(journals).run(request(second.model, ctx, 2));
    expect(writes).toEqual(['note 1', 'note 2', 'note 2', 'note 3']);
    expect(second.requests[0]!.messages.at(-1)).toMatchObject({
      role: 'tool',
      toolCallId: 'call_2',
      content: JSON.stringify({ stored: true }),
    });
  });

  it('goes live at the first request that differs from the journal (the task came back with feedback)', async () => {
    const journals = new ListJournals();
    const { ctx, commands } = countingContext(journals);
    await expect(
      new AgentLoop(journals).run(request(conversationModel(journals, echo, 2).model, ctx, 1)),
    ).rejects.toThrow();
    const second = conversationModel(journals, echo);
    const result = await new AgentLoop(journals).run(
      request(second.model, ctx, 2, { input: { ...input, feedback: 'count slower' } }),
    );
    expect(result.replayedSteps).toBe(0);
    expect(second.requests).toHaveLength(6);
    expect(commands).toEqual([
      'echo 1',
      'echo 2',
      'echo 1',
      'echo 2',
      'echo 3',
      'echo 4',
      'echo 5',
    ]);
  });

  it('journals nothing without an award', async () => {
    const journals = new ListJournals();
    const { ctx } = countingContext(journals);
    const { model } = conversationModel(journals, { ...echo, calls: 1 });
    await new AgentLoop(journals).run(request(model, ctx, 1, { award: undefined }));
    expect(journals.events).toEqual([]);
  });
});

describe('resumePoint', () => {
  const award = awardOf(1);
  const turn = (n: number): JournalStep => ({
    kind: 'model_call',
    requestHash: `h${n}`,
    durationMs: 5,
    turn: {
      text: '',
      toolCalls: [{ id: `c${n}`, name: 'shell', arguments: { command: `echo ${n}` } }],
      usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 },
      model: 'm',
    },
  });
  const event = (attempt: number, seq: number, replayedFrom: number | null = null) =>
    journalEvent(
      { award: { ...award, attempt }, version: 't', maxVisibility: 'internal' },
      seq,
      turn(seq),
      replayedFrom === null ? null : { doneIn: replayedFrom, doneUnder: 'internal' },
    );
  const hashes = (steps: ReturnType<typeof resumePoint>['steps']) =>
    steps.map((s) => (s.step.kind === 'model_call' ? s.step.requestHash : s.step.kind));

  it('takes the latest earlier attempt, in seq order, ignoring the current and later ones', () => {
    const events = [event(1, 2), event(1, 1), event(2, 1), event(3, 1), event(4, 1)];
    const point = resumePoint(events, 3);
    expect(point.from).toBe(2);
    expect(hashes(point.steps)).toEqual(['h1']);
    expect(resumePoint(events, 1)).toEqual({ from: null, steps: [] });
  });

  it('skips an attempt that only replayed: it may have stopped short of what it replayed', () => {
    const events = [event(1, 1), event(1, 2), event(1, 3), event(2, 1, 1), event(2, 2, 1)];
    const point = resumePoint(events, 3);
    expect(point.from).toBe(1);
    expect(hashes(point.steps)).toEqual(['h1', 'h2', 'h3']);
  });

  it('counts a step written twice once, and stops at a gap', () => {
    const events = [event(1, 1), event(1, 1), event(1, 2), event(1, 4)];
    expect(hashes(resumePoint(events, 2).steps)).toEqual(['h1', 'h2']);
  });

  it('stops at a step it does not understand', () => {
    const odd = { ...event(1, 2), kind: 'thought' };
    expect(hashes(resumePoint([event(1, 1), odd, event(1, 3)], 2).steps)).toEqual(['h1']);
  });

  it('keeps who did a replayed step', () => {
    const point = resumePoint([event(2, 1, 1), event(2, 2)], 3);
    expect(point.steps.map((s) => s.doneIn)).toEqual([1, 2]);
  });
});

describe('withinBound', () => {
  const step = (kind: JournalStep['kind'], n: number): JournalStep =>
    kind === 'model_call'
      ? {
          kind,
          requestHash: `h${n}`,
          durationMs: 1,
          turn: {
            text: '',
            toolCalls: [],
            usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 },
            model: 'm',
          },
        }
      : kind === 'tool_call'
        ? { kind, call: { id: `c${n}`, name: 'memory_search', arguments: { query: 'q' } } }
        : { kind, callId: `c${n}`, name: 'memory_search', result: '[]', durationMs: 1 };
  const recorded = (kind: JournalStep['kind'], n: number, doneUnder: Visibility): RecordedStep => ({
    step: step(kind, n),
    doneIn: 1,
    doneUnder,
  });
  const kinds = (steps: readonly RecordedStep[]) =>
    steps.map((s) => `${s.step.kind}:${s.doneUnder}`);

  it('keeps everything done under no more than the bound', () => {
    const steps = [
      recorded('model_call', 1, 'public'),
      recorded('tool_call', 1, 'public'),
      recorded('tool_result', 1, 'public'),
    ];
    expect(withinBound(steps, 'public')).toEqual({ steps, withheld: 0 });
    expect(withinBound(steps, 'internal')).toEqual({ steps, withheld: 0 });
  });

  it('stops before the call of the first result done under more, whatever follows', () => {
    const steps = [
      recorded('model_call', 1, 'internal'),
      recorded('tool_call', 1, 'public'),
      recorded('tool_result', 1, 'public'),
      recorded('tool_call', 2, 'internal'),
      recorded('tool_result', 2, 'internal'),
      recorded('model_call', 3, 'public'),
    ];
    const within = withinBound(steps, 'public');
    // A model turn done under more read no result yet: kept. The call is dropped with its
    // result, so it is made again rather than taken for an interrupted one.
    expect(kinds(within.steps)).toEqual([
      'model_call:internal',
      'tool_call:public',
      'tool_result:public',
    ]);
    expect(within.withheld).toBe(3);
  });

  it('reads a step recorded before steps said their bound as restricted', () => {
    const event = journalEvent(
      { award: awardOf(1), version: 't', maxVisibility: 'internal' },
      1,
      step('tool_call', 1),
      null,
    );
    const old = { ...event, visibility: null };
    expect(resumePoint([old], 2).steps.map((s) => s.doneUnder)).toEqual(['restricted']);
    expect(resumePoint([event], 2).steps.map((s) => s.doneUnder)).toEqual(['internal']);
  });
});

describe('journal events', () => {
  const award = awardOf(2);
  const steps: JournalStep[] = [
    {
      kind: 'model_call',
      requestHash: 'abc',
      durationMs: 120,
      turn: {
        text: 'thinking',
        toolCalls: [{ id: 'call_1', name: 'memory_search', arguments: { query: 'kafka', k: 3 } }],
        usage: { inputTokens: 400, outputTokens: 20, costUsd: 0.0044 },
        model: 'openai/llama3.1',
      },
    },
    {
      kind: 'tool_call',
      call: { id: 'call_1', name: 'memory_search', arguments: { query: 'kafka' } },
    },
    { kind: 'tool_result', callId: 'call_1', name: 'memory_search', result: '[]', durationMs: 30 },
  ];

  it('carry each kind of step whole, and back', () => {
    for (const step of steps) {
      const event = journalEvent({ award, version: '1.0.0', maxVisibility: 'public' }, 7, step, {
        doneIn: 1,
        doneUnder: 'internal',
      });
      expect(event).toMatchObject({
        taskId: award.taskId,
        attempt: 2,
        agentId: award.agentId,
        seq: 7,
        kind: step.kind,
        replayedFrom: 1,
        // A replayed step keeps the bound it was done under, not this attempt's.
        visibility: 'internal',
      });
      expect(event.envelope.causationId).toBe(award.envelope.eventId);
      expect(event.envelope.goalId).toBe(award.envelope.goalId);
      expect(stepOf(event)).toEqual(step);
    }
  });
});

describe('requestHash', () => {
  const call: ToolCall = { id: 'c1', name: 'shell', arguments: { command: 'df -h', cwd: '/' } };
  const messages = (args: Record<string, unknown>): ChatMessage[] => [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: '', toolCalls: [{ ...call, arguments: args }] },
    { role: 'tool', toolCallId: 'c1', content: 'ok' },
  ];

  it('is the same for the same request, whatever the order of argument keys', () => {
    expect(requestHash('s', messages({ command: 'df -h', cwd: '/' }), ['shell'])).toBe(
      requestHash('s', messages({ cwd: '/', command: 'df -h' }), ['shell']),
    );
  });

  it('differs when the system prompt, a message or the tools differ', () => {
    const base = requestHash('s', messages({ command: 'df -h' }), ['shell']);
    expect(requestHash('t', messages({ command: 'df -h' }), ['shell'])).not.toBe(base);
    expect(requestHash('s', messages({ command: 'df' }), ['shell'])).not.toBe(base);
    expect(requestHash('s', messages({ command: 'df -h' }), ['shell', 'http_get'])).not.toBe(base);
  });
});
