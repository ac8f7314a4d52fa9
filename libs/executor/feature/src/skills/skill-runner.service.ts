import type { TaskAwarded, TaskInput, TaskOutput } from '@agora/contracts';
import {
  allowedCommand,
  allowedUrl,
  InvalidTaskInputError,
  isPureSkill,
  modelWritableSkills,
  NotAllowedError,
  runPureSkill,
  searchLimitOf,
  searchQueryOf,
  skillFor,
  sourcesFromHits,
  upstreamOutputs,
  upstreamText,
  validateAnalysis,
  type Skill,
} from '@agora/executor/domain';
import { createLanguageModel, LanguageModelError, type LanguageModel } from '@agora/llm';
import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExecutorConfig } from '../executor-config';
import { llmTokensTotal } from '../executor.metrics';
import { EXECUTOR_CONFIG } from '../tokens';
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

const systemPrompts: Partial<Record<Skill, string>> = {
  plan: 'You plan written content. Answer with a numbered Markdown outline and nothing else.',
  write: 'You write clear, factual Markdown drafts that follow the given outline.',
  edit: 'You edit text for clarity and correctness without changing its meaning. Answer with the edited text only.',
  respond: 'You are a courteous support agent. Answer the customer using only the given knowledge.',
  diagnose:
    'You are a site reliability engineer. Diagnose the host from the command outputs, worst problem first.',
};

/** Runs the skill that serves a task's capability, inside a span, honouring the abort signal. */
@Injectable()
export class SkillRunner {
  private readonly model: LanguageModel | undefined;

  constructor(
    @Inject(EXECUTOR_CONFIG) private readonly config: ExecutorConfig,
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

  async run(award: TaskAwarded, input: TaskInput, signal: AbortSignal): Promise<SkillResult> {
    const skill = skillFor(award.capability, input);
    if (!skill) {
      throw new SkillError(`capability '${award.capability}' has no skill in this executor`, false);
    }
    return tracer.startActiveSpan(`skill ${skill}`, async (span) => {
      span.setAttributes({
        'agora.task.id': award.taskId,
        'agora.task.attempt': award.attempt,
        'agora.agent.id': award.agentId,
        'agora.capability': award.capability,
      });
      try {
        const result = await abortable(this.runSkill(skill, award, input, signal), signal);
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
    skill: Skill,
    award: TaskAwarded,
    input: TaskInput,
    signal: AbortSignal,
  ): Promise<SkillResult> {
    const plain = (output: TaskOutput): SkillResult => ({
      output,
      inputTokens: 0,
      outputTokens: 0,
      modelCostUsd: 0,
      model: null,
    });
    if (isPureSkill(skill)) {
      if (this.model && modelWritableSkills.has(skill)) return this.withModel(skill, input, signal);
      return plain(runPureSkill(skill, input));
    }
    switch (skill) {
      case 'memory-search': {
        const query = searchQueryOf(input);
        const hits = await this.memory.search(
          {
            requester: award.agentId,
            goalId: award.envelope.goalId,
            causation: award,
            query,
            k: searchLimitOf(input),
            // Documents, not the swarm's own earlier goals and results, back a research answer.
            kinds: ['knowledge'],
          },
          { timeoutMs: this.config.MEMORY_SEARCH_TIMEOUT_MS, signal },
        );
        return plain(sourcesFromHits(query, hits));
      }
      case 'validate': {
        const itemIds = [
          ...new Set(
            upstreamOutputs(input, 'analysis').flatMap((a) =>
              a.points.flatMap((p) => p.citations.map((c) => c.itemId)),
            ),
          ),
        ];
        // Quotes are checked against the items themselves, fetched in full by id.
        const hits =
          itemIds.length === 0
            ? []
            : await this.memory.search(
                {
                  requester: award.agentId,
                  goalId: award.envelope.goalId,
                  causation: award,
                  query: '',
                  k: itemIds.length,
                  itemIds,
                },
                { timeoutMs: this.config.MEMORY_SEARCH_TIMEOUT_MS, signal },
              );
        return plain(validateAnalysis(input, new Map(hits.map((h) => [h.itemId, h.content]))));
      }
      case 'shell':
        return plain(
          await runShell(allowedCommand(input, this.config.SHELL_ALLOWLIST), {
            timeoutMs: this.config.SHELL_TIMEOUT_MS,
            signal,
          }),
        );
      case 'http':
        return plain(
          await httpGet(allowedUrl(input, this.config.HTTP_ALLOWLIST), {
            timeoutMs: this.config.HTTP_TIMEOUT_MS,
            signal,
          }),
        );
    }
  }

  private async withModel(
    skill: Skill,
    input: TaskInput,
    signal: AbortSignal,
  ): Promise<SkillResult> {
    const model = this.model!;
    const prompt = [
      `Goal: ${input.goal}`,
      Object.keys(input.inputs).length > 0 ? `Inputs: ${JSON.stringify(input.inputs)}` : '',
      upstreamText(input) ? `Material from earlier steps:\n${upstreamText(input)}` : '',
      input.feedback ? `A reviewer rejected the previous attempt: ${input.feedback}` : '',
      `Do the "${skill}" step.`,
    ]
      .filter(Boolean)
      .join('\n\n');
    const completion = await model.complete({ system: systemPrompts[skill], prompt, signal });
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
