import {
  outputKinds,
  type TaskAwarded,
  type TaskInput,
  type TaskOutput,
  type Visibility,
} from '@agora/contracts';
import { upstreamMaterial, type AgentLimits, type SkillContext } from '@agora/executor/domain';
import type { ChatMessage, ChatResponse, LanguageModel, ToolCall } from '@agora/llm';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { z } from 'zod';
import { journalSteps, llmTokensTotal } from '../executor.metrics';
import { SkillError } from '../skills/skill-error';
import { TOOL_RESULT_MAX_CHARS, type AgentTool } from './agent-tools';
import {
  interruptedResult,
  Replay,
  requestHash,
  type AttemptJournal,
  type AttemptJournals,
  type JournalStep,
  type RecordedStep,
} from './step-journal';
import { TaskJournals } from './task-journals.service';

/** One task for a model-driven agent. */
export interface AgentLoopRequest {
  model: LanguageModel;
  /** Who the agent is and how the step is done. */
  system: string;
  /** Names the step in the prompt. */
  skillName: string;
  input: TaskInput;
  /** The kind the final answer must be (the step's outputKind, else the skill's output). */
  outputKind: string;
  tools: readonly AgentTool[];
  ctx: SkillContext;
  /**
   * The most the attempt may quote from memory (the bound of its searches, see SkillContext).
   * Journaled with each step; a resumed attempt replays no tool result done under more.
   */
  maxVisibility: Visibility;
  limits: AgentLimits;
  temperature?: number | undefined;
  /**
   * The attempt this loop works for: its steps are journaled under it, and it resumes from an
   * earlier attempt's journal. @default none: nothing is journaled
   */
  award?: TaskAwarded | undefined;
  /**
   * Receives the model's text as it produces it, with the number of the turn it belongs to: the
   * model is then called streaming. A live view only: each turn is journaled whole once answered,
   * and turns replayed from the journal are not streamed again. @default none: not streamed
   */
  onText?: ((text: string, turn: number) => void) | undefined;
}

/** What the loop produced, with everything the model consumed on the way. */
export interface AgentLoopResult {
  output: TaskOutput;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  model: string;
  /** Model turns taken, the repair turn included (replayed ones too). */
  iterations: number;
  /** Steps taken from an earlier attempt's journal instead of being done again. */
  replayedSteps: number;
}

/** A final answer checked against its kind. */
type Answer = { ok: true; output: TaskOutput } | { ok: false; problems: string[] };

/**
 * The agent's loop: the model answers or calls tools; tool results (failures included, as text)
 * go back to it until it gives a final answer. The answer must be a valid output of the step's
 * kind; an invalid one gets one repair turn naming its problems. Limits on turns, tokens and
 * cost end the attempt for good, since another try would cost as much again.
 *
 * With an award, every step is journaled before the loop goes on (see {@link TaskJournals}):
 * each model turn as soon as it is answered, each tool call before it runs and its result
 * before the model sees it. An attempt that follows one which did not finish (its process died,
 * its lease lapsed) replays that attempt's journal first: recorded turns answer identical
 * requests instead of the model, recorded results answer the same calls instead of the tools,
 * and only after the journal is used up does the loop call anything. A call started but never
 * answered is made again only when its tool is `repeatable`; otherwise the model is told that
 * it may or may not have taken effect. Usage and limits count the whole conversation, replayed
 * turns included: the attempts that spent those tokens reported none of them.
 */
@Injectable()
export class AgentLoop {
  constructor(@Optional() @Inject(TaskJournals) private readonly journals?: AttemptJournals) {}

  async run(request: AgentLoopRequest): Promise<AgentLoopResult> {
    const { model, limits, ctx, outputKind } = request;
    const byName = new Map(request.tools.map((t) => [t.name, t]));
    const toolNames = request.tools.map((t) => t.name);
    const system = request.system;
    const messages: ChatMessage[] = [{ role: 'user', content: promptOf(request) }];
    const used = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const journal: AttemptJournal =
      request.award && this.journals
        ? await this.journals.open(request.award, request.maxVisibility)
        : unjournaled;
    const replay = new Replay(journal.earlier);
    const record = async (step: JournalStep, replayed: RecordedStep | null) => {
      await journal.record(step, replayed);
      journalSteps.inc({ kind: step.kind, source: replayed === null ? 'live' : 'replayed' });
    };
    let repaired = false;
    for (let iteration = 1; ; iteration++) {
      if (iteration > limits.maxIterations) {
        throw new SkillError(
          `limit maxIterations reached: ${limits.maxIterations} model turns without a valid ${outputKind} answer`,
          false,
        );
      }
      const hash = requestHash(system, messages, toolNames);
      const recorded = replay.modelTurn(hash);
      let turn: ChatResponse;
      if (recorded) {
        turn = recorded.step.turn;
        await record(recorded.step, recorded);
      } else {
        const started = Date.now();
        const onText = request.onText;
        const turnNo = iteration;
        turn = await model.chat({
          system,
          messages,
          tools: request.tools,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          signal: ctx.signal,
          ...(onText ? { onToken: (text: string) => onText(text, turnNo) } : {}),
        });
        await record(
          { kind: 'model_call', requestHash: hash, turn, durationMs: Date.now() - started },
          null,
        );
        llmTokensTotal.inc({ direction: 'input' }, turn.usage.inputTokens);
        llmTokensTotal.inc({ direction: 'output' }, turn.usage.outputTokens);
      }
      used.inputTokens += turn.usage.inputTokens;
      used.outputTokens += turn.usage.outputTokens;
      used.costUsd = round6(used.costUsd + turn.usage.costUsd);
      checkBudget(limits, used);

      if (turn.toolCalls.length > 0) {
        messages.push({ role: 'assistant', content: turn.text, toolCalls: turn.toolCalls });
        for (const call of turn.toolCalls) {
          ctx.progress(Math.min(0.9, iteration / limits.maxIterations), `tool ${call.name}`);
          messages.push({
            role: 'tool',
            toolCallId: call.id,
            content: await toolStep(call, byName, ctx, replay, record),
          });
        }
        continue;
      }

      const answer = parseAnswer(turn.text, outputKind);
      if (answer.ok) {
        return {
          output: answer.output,
          ...used,
          model: turn.model,
          iterations: iteration,
          replayedSteps: replay.replayed,
        };
      }
      if (repaired) {
        throw new SkillError(
          `the model's answer is not a valid ${outputKind} output after a repair turn: ${answer.problems.join('; ')}`,
          false,
        );
      }
      repaired = true;
      // Providers refuse an empty assistant turn.
      messages.push({ role: 'assistant', content: turn.text.trim() || '(empty answer)' });
      messages.push({
        role: 'user',
        content: `That answer is not a valid '${outputKind}' output:\n- ${answer.problems.join('\n- ')}\nAnswer again with the corrected JSON object only.`,
      });
    }
  }
}

function checkBudget(
  limits: AgentLimits,
  used: { inputTokens: number; outputTokens: number; costUsd: number },
) {
  const tokens = used.inputTokens + used.outputTokens;
  if (limits.maxTokens !== undefined && tokens > limits.maxTokens) {
    throw new SkillError(
      `limit maxTokens exceeded: ${tokens} tokens used, ${limits.maxTokens} allowed per attempt`,
      false,
    );
  }
  if (limits.maxCostUsd !== undefined && used.costUsd > limits.maxCostUsd) {
    throw new SkillError(
      `limit maxCostUsd exceeded: $${used.costUsd} spent, $${limits.maxCostUsd} allowed per attempt`,
      false,
    );
  }
}

/** Nowhere: a loop without an award journals nothing and resumes from nothing. */
const unjournaled: AttemptJournal = {
  earlier: [],
  resumedFrom: null,
  record: () => Promise.resolve(),
};

/**
 * One tool call, journaled: its start is recorded before it runs and its result before the
 * model sees it. Replaying, the recorded result stands in for the call; a call whose start was
 * recorded but not its result was interrupted, and is made again only if its tool is repeatable.
 */
async function toolStep(
  call: ToolCall,
  tools: ReadonlyMap<string, AgentTool>,
  ctx: SkillContext,
  replay: Replay,
  record: (step: JournalStep, replayed: RecordedStep | null) => Promise<void>,
): Promise<string> {
  const live = async (): Promise<string> => {
    const started = Date.now();
    const result = await runTool(call, tools, ctx);
    await record(
      {
        kind: 'tool_result',
        callId: call.id,
        name: call.name,
        result,
        durationMs: Date.now() - started,
      },
      null,
    );
    return result;
  };
  const started = replay.toolCall(call);
  if (!started) {
    await record({ kind: 'tool_call', call }, null);
    return live();
  }
  await record(started.step, started);
  const answered = replay.toolResult(call.id);
  if (answered) {
    await record(answered.step, answered);
    return answered.step.result;
  }
  // Interrupted. A tool this agent lacks cannot run now anyway: its call only gets an error.
  const tool = tools.get(call.name);
  if (!tool || tool.repeatable) return live();
  const result = interruptedResult(call);
  await record(
    { kind: 'tool_result', callId: call.id, name: call.name, result, durationMs: 0 },
    null,
  );
  return result;
}

/** Runs one tool call; whatever goes wrong is told to the model, except a cancelled task. */
async function runTool(
  call: ToolCall,
  tools: ReadonlyMap<string, AgentTool>,
  ctx: SkillContext,
): Promise<string> {
  const tool = tools.get(call.name);
  if (!tool) {
    return JSON.stringify({
      error: `no tool '${call.name}'; available: ${[...tools.keys()].join(', ') || 'none'}`,
    });
  }
  try {
    const result = await tool.run(call.arguments, ctx, call.id);
    return result.length > TOOL_RESULT_MAX_CHARS
      ? `${result.slice(0, TOOL_RESULT_MAX_CHARS)}… (cut at ${TOOL_RESULT_MAX_CHARS} characters)`
      : result;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
  }
}

/** The task as the model reads it, with the shape its final answer must take. */
function promptOf(request: AgentLoopRequest): string {
  const { input, outputKind } = request;
  const upstream = upstreamMaterial(input);
  return [
    `Goal: ${input.goal}`,
    Object.keys(input.inputs).length > 0 ? `Inputs: ${JSON.stringify(input.inputs)}` : '',
    Object.keys(input.params).length > 0 ? `Parameters: ${JSON.stringify(input.params)}` : '',
    upstream ? `Material from earlier steps:\n${upstream}` : '',
    input.feedback ? `A reviewer rejected the previous attempt: ${input.feedback}` : '',
    `Do the "${request.skillName}" step. ${answerFormat(outputKind)}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function answerFormat(kind: string): string {
  if (kind === 'text') return 'When you are done, answer with the text itself.';
  const definition = outputKinds.get(kind);
  const schema = definition ? JSON.stringify(z.toJSONSchema(definition.schema)) : '{}';
  return `When you are done, answer with one JSON object of kind '${kind}' and nothing else, matching this JSON Schema:\n${schema}`;
}

/**
 * The model's final text as an output of the expected kind. Code fences and words around the
 * JSON object are tolerated and a missing `kind` is filled in; for text, plain text is the text.
 */
export function parseAnswer(text: string, kind: string): Answer {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, problems: ['the answer is empty'] };
  const json = jsonObjectIn(trimmed);
  if (json === undefined) {
    if (kind === 'text') return { ok: true, output: { kind: 'text', text: trimmed } };
    return { ok: false, problems: [`the answer is not a JSON object of kind '${kind}'`] };
  }
  const value = json['kind'] === undefined ? { kind, ...json } : json;
  const parsed = outputKinds.parse(value, kind);
  if (parsed.ok) return { ok: true, output: parsed.output as TaskOutput };
  // Text that merely contains braces is still text.
  if (kind === 'text' && json['kind'] === undefined) {
    return { ok: true, output: { kind: 'text', text: trimmed } };
  }
  return { ok: false, problems: parsed.problems };
}

function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const candidates = [fenced, text, text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)];
  for (const candidate of candidates) {
    if (!candidate?.trim().startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(candidate);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // not this one
    }
  }
  return undefined;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
