import { createHash } from 'node:crypto';
import {
  isVisibility,
  mayQuote,
  newEnvelope,
  type TaskAwarded,
  type TaskStepJournaled,
  type Visibility,
} from '@agora/contracts';
import type { ChatMessage, ChatResponse, ToolCall } from '@agora/llm';

/**
 * One step of an attempt of a model-driven agent, as its journal keeps it:
 * - `model_call`: the model's whole turn (text, tool calls, usage) and a hash of the request it
 *   answered, recorded as soon as the model answers;
 * - `tool_call`: a call the loop is about to make, recorded before the tool runs;
 * - `tool_result`: what the model was given for that call (an error as `{"error": …}`).
 * A tool_call with no tool_result after it is a call that may or may not have taken effect.
 */
export type JournalStep =
  | { kind: 'model_call'; requestHash: string; turn: ChatResponse; durationMs: number }
  | { kind: 'tool_call'; call: ToolCall }
  | { kind: 'tool_result'; callId: string; name: string; result: string; durationMs: number };

/**
 * A step read back from the journal, with the attempt that did it (not one that replayed it) and
 * the most that attempt could quote from memory (restricted when the journal does not say).
 */
export interface RecordedStep {
  step: JournalStep;
  doneIn: number;
  doneUnder: Visibility;
}

/**
 * The journal of one attempt: what an earlier attempt recorded, to resume from, and where this
 * one records its own steps. `record` resolves only once the step is stored for good, and the
 * loop waits for it before going on: a step that is done is a step that is recorded.
 */
export interface AttemptJournal {
  /** The steps of the attempt this one resumes from, in order; empty for a fresh start. */
  readonly earlier: readonly RecordedStep[];
  /** The attempt those steps come from; null for a fresh start. */
  readonly resumedFrom: number | null;
  /**
   * Records a step; `replayed` is the earlier record of it when this attempt only replays it
   * (the attempt that did it, and under what, are kept), null when this attempt did it.
   */
  record(step: JournalStep, replayed: RecordedStep | null): Promise<void>;
}

/**
 * Opens the journal of an awarded attempt: reads what earlier attempts of the task recorded, as
 * far as an attempt that may quote `maxVisibility` may replay it (see {@link withinBound}).
 */
export interface AttemptJournals {
  open(award: TaskAwarded, maxVisibility: Visibility): Promise<AttemptJournal>;
}

/**
 * Walks an earlier attempt's steps while the loop repeats them. A recorded model turn is used
 * only for a request identical to the one it answered, and a recorded tool call only for the
 * same call; at the first difference, or at the end, the replay is over and the loop is live for
 * the rest of the attempt (it never returns to the journal). Pure: the unit tests drive it.
 */
export class Replay {
  private position = 0;
  private live: boolean;

  constructor(private readonly steps: readonly RecordedStep[]) {
    this.live = steps.length === 0;
  }

  /** True once the loop works for itself. */
  get isLive(): boolean {
    return this.live;
  }

  /** Steps used from the journal so far. */
  get replayed(): number {
    return this.position;
  }

  /** The recorded turn that answered exactly this request, if the journal goes on with one. */
  modelTurn(requestHash: string): (RecordedStep & { step: { kind: 'model_call' } }) | undefined {
    const next = this.peek();
    if (next?.step.kind === 'model_call' && next.step.requestHash === requestHash) {
      this.position += 1;
      return next as RecordedStep & { step: { kind: 'model_call' } };
    }
    this.goLive();
    return undefined;
  }

  /** The recorded start of this very call, if the journal goes on with it. */
  toolCall(call: ToolCall): RecordedStep | undefined {
    const next = this.peek();
    if (
      next?.step.kind === 'tool_call' &&
      next.step.call.id === call.id &&
      next.step.call.name === call.name &&
      canonicalJson(next.step.call.arguments) === canonicalJson(call.arguments)
    ) {
      this.position += 1;
      return next;
    }
    this.goLive();
    return undefined;
  }

  /**
   * The recorded result of a call whose start was replayed; undefined when the journal stops
   * before it: the process died while the call ran, and whether it took effect is unknown.
   */
  toolResult(callId: string): (RecordedStep & { step: { kind: 'tool_result' } }) | undefined {
    const next = this.peek();
    if (next?.step.kind === 'tool_result' && next.step.callId === callId) {
      this.position += 1;
      return next as RecordedStep & { step: { kind: 'tool_result' } };
    }
    this.goLive();
    return undefined;
  }

  private peek(): RecordedStep | undefined {
    return this.live ? undefined : this.steps[this.position];
  }

  private goLive(): void {
    this.live = true;
  }
}

/**
 * What the model is told of a call that was interrupted and is not made again (its tool is not
 * repeatable): the call may or may not have taken effect.
 */
export function interruptedResult(call: ToolCall): string {
  return JSON.stringify({
    error: `the call to ${call.name} was interrupted: the agent's process stopped while it ran, before its result was recorded, so it may or may not have taken effect. It was not made again. Check before repeating it.`,
  });
}

/**
 * SHA-256 of what decides a model's turn: the system prompt, the conversation and the names of
 * the tools offered, in a canonical JSON (object keys sorted), so the same request hashes the
 * same in any process.
 */
export function requestHash(
  system: string,
  messages: readonly ChatMessage[],
  toolNames: readonly string[],
): string {
  const conversation = messages.map((m) => {
    switch (m.role) {
      case 'user':
        return ['user', m.content];
      case 'assistant':
        return [
          'assistant',
          m.content,
          (m.toolCalls ?? []).map((c) => [c.id, c.name, canonicalJson(c.arguments)]),
        ];
      case 'tool':
        return ['tool', m.toolCallId, m.content];
    }
  });
  return createHash('sha256')
    .update(JSON.stringify([system, conversation, toolNames]))
    .digest('hex');
}

/** JSON with object keys sorted at every level. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

/**
 * Who writes the journal: the attempt's agent, with the executor's version, and the most the
 * attempt may quote from memory (the stricter of the step's `params.quote` and the agent's
 * `memory.maxVisibility`), recorded with every step it does.
 */
export interface JournalWriter {
  award: TaskAwarded;
  version: string;
  maxVisibility: Visibility;
}

/**
 * The event recording step `seq` of an attempt: done by it (`replayed` null), or replayed from
 * an earlier record, whose attempt and bound it keeps.
 */
export function journalEvent(
  writer: JournalWriter,
  seq: number,
  step: JournalStep,
  replayed: Pick<RecordedStep, 'doneIn' | 'doneUnder'> | null,
): TaskStepJournaled {
  const { award } = writer;
  const base = {
    envelope: newEnvelope({
      producer: { service: award.agentId, version: writer.version },
      causation: award,
    }),
    taskId: award.taskId,
    attempt: award.attempt,
    agentId: award.agentId,
    seq,
    kind: step.kind,
    name: null,
    callId: null,
    arguments: null,
    result: null,
    requestHash: null,
    usage: null,
    replayedFrom: replayed?.doneIn ?? null,
    visibility: replayed?.doneUnder ?? writer.maxVisibility,
  } satisfies TaskStepJournaled;
  switch (step.kind) {
    case 'model_call': {
      const { turn } = step;
      return {
        ...base,
        name: turn.model,
        result: JSON.stringify({
          text: turn.text,
          toolCalls: turn.toolCalls.map((c) => ({
            id: c.id,
            name: c.name,
            arguments: c.arguments,
          })),
        }),
        requestHash: step.requestHash,
        usage: {
          durationMs: step.durationMs,
          inputTokens: turn.usage.inputTokens,
          outputTokens: turn.usage.outputTokens,
          costUsd: turn.usage.costUsd,
          model: turn.model,
        },
      };
    }
    case 'tool_call':
      return {
        ...base,
        name: step.call.name,
        callId: step.call.id,
        arguments: JSON.stringify(step.call.arguments),
      };
    case 'tool_result':
      return {
        ...base,
        name: step.name,
        callId: step.callId,
        result: step.result,
        usage: {
          durationMs: step.durationMs,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          model: null,
        },
      };
  }
}

/** The step an event records, or undefined when the event is not one this build understands. */
export function stepOf(event: TaskStepJournaled): JournalStep | undefined {
  try {
    switch (event.kind) {
      case 'model_call': {
        if (!event.result || !event.requestHash || !event.usage) return undefined;
        const turn = JSON.parse(event.result) as { text?: unknown; toolCalls?: unknown };
        if (typeof turn.text !== 'string' || !Array.isArray(turn.toolCalls)) return undefined;
        const toolCalls = (turn.toolCalls as unknown[]).map(toolCallOf);
        if (toolCalls.some((c) => c === undefined)) return undefined;
        return {
          kind: 'model_call',
          requestHash: event.requestHash,
          durationMs: Number(event.usage.durationMs),
          turn: {
            text: turn.text,
            toolCalls: toolCalls as ToolCall[],
            usage: {
              inputTokens: Number(event.usage.inputTokens),
              outputTokens: Number(event.usage.outputTokens),
              costUsd: event.usage.costUsd,
            },
            model: event.name ?? event.usage.model ?? '',
          },
        };
      }
      case 'tool_call': {
        if (!event.name || !event.callId || event.arguments === null) return undefined;
        const call = toolCallOf({
          id: event.callId,
          name: event.name,
          arguments: JSON.parse(event.arguments) as unknown,
        });
        return call ? { kind: 'tool_call', call } : undefined;
      }
      case 'tool_result':
        if (!event.name || !event.callId || event.result === null) return undefined;
        return {
          kind: 'tool_result',
          callId: event.callId,
          name: event.name,
          result: event.result,
          durationMs: Number(event.usage?.durationMs ?? 0),
        };
      default:
        return undefined;
    }
  } catch {
    // Arguments or a turn that are not JSON: not a step this build can replay.
    return undefined;
  }
}

function toolCallOf(value: unknown): ToolCall | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { id, name, arguments: args } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string') return undefined;
  if (!args || typeof args !== 'object' || Array.isArray(args)) return undefined;
  return { id, name, arguments: args as Record<string, unknown> };
}

/**
 * What attempt `attempt` resumes from, given every journaled step of its task: the steps of the
 * latest earlier attempt that did at least one step itself (an attempt that only replayed adds
 * nothing to the journal it replayed, and may have stopped short of its end), in order, from seq
 * 1 up to the first gap or step this build does not understand. A step recorded twice (a
 * publish retried) counts once.
 */
export function resumePoint(
  events: readonly TaskStepJournaled[],
  attempt: number,
): { from: number | null; steps: RecordedStep[] } {
  const byAttempt = new Map<number, TaskStepJournaled[]>();
  for (const event of events) {
    if (event.attempt >= attempt) continue;
    const list = byAttempt.get(event.attempt) ?? [];
    list.push(event);
    byAttempt.set(event.attempt, list);
  }
  const candidates = [...byAttempt.keys()].sort((a, b) => b - a);
  for (const candidate of candidates) {
    const own = byAttempt.get(candidate) ?? [];
    if (!own.some((e) => e.replayedFrom === null)) continue;
    const bySeq = new Map<number, TaskStepJournaled>();
    for (const e of own) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
    const steps: RecordedStep[] = [];
    for (let seq = 1; ; seq++) {
      const event = bySeq.get(seq);
      const step = event && stepOf(event);
      if (!event || !step) break;
      steps.push({
        step,
        doneIn: event.replayedFrom ?? event.attempt,
        // Recorded before steps said: nobody can tell what they read, so the narrowest audience.
        doneUnder: isVisibility(event.visibility) ? event.visibility : 'restricted',
      });
    }
    return steps.length > 0 ? { from: candidate, steps } : { from: null, steps: [] };
  }
  return { from: null, steps: [] };
}

/**
 * The part of an earlier attempt's steps that an attempt allowed to quote `maxVisibility` may
 * replay. A tool result done under a wider bound (a memory search that could return internal
 * documents, replayed into an agent that talks to customers) may hold what this attempt must not
 * see, and so may everything the model did after reading it. The replay therefore stops before
 * the call of the first such result, and the attempt makes that call again under its own bound:
 * its start is not replayed either, so the call counts as never made rather than interrupted.
 * Model turns and results before it saw nothing above the bound and are kept. `withheld` counts
 * the steps left out. Pure.
 */
export function withinBound(
  steps: readonly RecordedStep[],
  maxVisibility: Visibility,
): { steps: RecordedStep[]; withheld: number } {
  const over = steps.findIndex(
    (s) => s.step.kind === 'tool_result' && !mayQuote(s.doneUnder, maxVisibility),
  );
  if (over < 0) return { steps: [...steps], withheld: 0 };
  const result = steps[over]!.step as { callId: string };
  const start = steps.findIndex(
    (s, i) => i < over && s.step.kind === 'tool_call' && s.step.call.id === result.callId,
  );
  const end = start < 0 ? over : start;
  return { steps: steps.slice(0, end), withheld: steps.length - end };
}
