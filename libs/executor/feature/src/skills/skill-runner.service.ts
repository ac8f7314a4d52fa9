import type { TaskAwarded, TaskInput, TaskOutput } from '@agora/contracts';
import {
  checkCommand,
  checkUrl,
  InvalidTaskInputError,
  NotAllowedError,
  upstreamText,
  type SkillContext,
  type SkillDefinition,
  type SkillRegistry,
} from '@agora/executor/domain';
import { createLanguageModel, LanguageModelError, type LanguageModel } from '@agora/llm';
import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExecutorConfig } from '../executor-config';
import { llmTokensTotal } from '../executor.metrics';
import { EXECUTOR_CONFIG, EXECUTOR_SKILLS } from '../tokens';
import { httpGet } from './http.skill';
import { MemorySearchClient } from './memory-search.client';
import { runShell } from './shell.skill';
import { SkillError } from './skill-error';

const tracer = trace.getTracer('@agora/executor');

/** What a skill run produced, with the model usage it incurred. */
export interface SkillResult {
  output: TaskOutput;
  inputTokens: number;
  outputTokens: number;
  modelCostUsd: number;
  /** provider/model when a model was called. */
  model: string | null;
}

/**
 * Runs the registered skill that takes a task, inside a span, honouring the abort signal. The
 * skill reaches memory, the shell and HTTP only through the context built here, where the
 * executor's allow-lists and time-outs apply.
 */
@Injectable()
export class SkillRunner {
  private readonly model: LanguageModel | undefined;

  constructor(
    @Inject(EXECUTOR_CONFIG) private readonly config: ExecutorConfig,
    @Inject(EXECUTOR_SKILLS) private readonly skills: SkillRegistry,
    private readonly memory: MemorySearchClient,
  ) {
    this.model = createLanguageModel({
      provider: config.LLM_PROVIDER,
      model: config.LLM_MODEL,
      baseUrl: config.LLM_BASE_URL,
      apiKey: config.LLM_API_KEY,
      timeoutMs: config.LLM_TIMEOUT_MS,
      priceInputPer1k: config.LLM_PRICE_INPUT_PER_1K,
      priceOutputPer1k: config.LLM_PRICE_OUTPUT_PER_1K,
    });
  }

  async run(
    award: TaskAwarded,
    input: TaskInput,
    signal: AbortSignal,
    progress: SkillContext['progress'] = () => undefined,
  ): Promise<SkillResult> {
    const skill = this.skills.forTask(award.capability, input);
    if (!skill) {
      throw new SkillError(`capability '${award.capability}' has no skill in this executor`, false);
    }
    return tracer.startActiveSpan(`skill ${skill.name}`, async (span) => {
      span.setAttributes({
        'agora.task.id': award.taskId,
        'agora.task.attempt': award.attempt,
        'agora.agent.id': award.agentId,
        'agora.capability': award.capability,
      });
      try {
        const result = await abortable(
          this.runSkill(skill, award, input, signal, progress),
          signal,
        );
        span.setAttribute('agora.output.kind', result.output.kind);
        return result;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw toSkillError(error);
      } finally {
        span.end();
      }
    });
  }

  private async runSkill(
    skill: SkillDefinition,
    award: TaskAwarded,
    input: TaskInput,
    signal: AbortSignal,
    progress: SkillContext['progress'],
  ): Promise<SkillResult> {
    if (this.model && skill.prompt && skill.output === 'text') {
      return this.withModel(skill, skill.prompt, input, signal);
    }
    const output = await skill.run(input, this.contextFor(award, signal, progress));
    return { output, inputTokens: 0, outputTokens: 0, modelCostUsd: 0, model: null };
  }

  /** Memory, shell and HTTP for one task, bound to its agent, goal and abort signal. */
  private contextFor(
    award: TaskAwarded,
    signal: AbortSignal,
    progress: SkillContext['progress'],
  ): SkillContext {
    const config = this.config;
    return {
      agentId: award.agentId,
      signal,
      progress,
      searchMemory: ({ query, k, kinds, itemIds }) =>
        this.memory.search(
          {
            requester: award.agentId,
            goalId: award.envelope.goalId,
            causation: award,
            query,
            k,
            ...(kinds ? { kinds } : {}),
            ...(itemIds ? { itemIds } : {}),
          },
          { timeoutMs: config.MEMORY_SEARCH_TIMEOUT_MS, signal },
        ),
      runCommand: (command) =>
        runShell(checkCommand(command, config.SHELL_ALLOWLIST), {
          timeoutMs: config.SHELL_TIMEOUT_MS,
          signal,
        }),
      httpGet: (url) =>
        httpGet(checkUrl(url, config.HTTP_ALLOWLIST), {
          timeoutMs: config.HTTP_TIMEOUT_MS,
          signal,
        }),
    };
  }

  private async withModel(
    skill: SkillDefinition,
    system: string,
    input: TaskInput,
    signal: AbortSignal,
  ): Promise<SkillResult> {
    const model = this.model!;
    const prompt = [
      `Goal: ${input.goal}`,
      Object.keys(input.inputs).length > 0 ? `Inputs: ${JSON.stringify(input.inputs)}` : '',
      upstreamText(input) ? `Material from earlier steps:\n${upstreamText(input)}` : '',
      input.feedback ? `A reviewer rejected the previous attempt: ${input.feedback}` : '',
      `Do the "${skill.name}" step.`,
    ]
      .filter(Boolean)
      .join('\n\n');
    const completion = await model.complete({ system, prompt, signal });
    llmTokensTotal.inc({ direction: 'input' }, completion.usage.inputTokens);
    llmTokensTotal.inc({ direction: 'output' }, completion.usage.outputTokens);
    return {
      output: { kind: 'text', text: completion.text.trim() },
      inputTokens: completion.usage.inputTokens,
      outputTokens: completion.usage.outputTokens,
      modelCostUsd: completion.usage.costUsd,
      model: completion.model,
    };
  }
}

/** Classifies whatever a skill threw as retriable or not. */
export function toSkillError(error: unknown): SkillError {
  if (error instanceof SkillError) return error;
  if (error instanceof NotAllowedError || error instanceof InvalidTaskInputError) {
    return new SkillError(error.message, false, { cause: error });
  }
  if (error instanceof LanguageModelError) {
    return new SkillError(error.message, error.retriable, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SkillError(message, true, { cause: error });
}

/** Settles as soon as the signal aborts, even if the work itself does not listen to it. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new SkillError('aborted', true));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SkillError('aborted', true));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
