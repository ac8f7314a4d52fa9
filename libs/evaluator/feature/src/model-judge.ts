import type { TaskOutput } from '@agora/contracts';
import {
  combineWithOpinion,
  hasHardFailure,
  parseJudgeAnswer,
  type Check,
  type Judge,
  type JudgeRequest,
  type Judgement,
  type Opinion,
} from '@agora/evaluator/domain';
import { createLanguageModel, type LanguageModel } from '@agora/llm';
import type { Logger } from '@agora/observability';
import type { ModelJudgeConfig } from './evaluator-config';

/** How a {@link ModelJudge} calls its model. */
export interface ModelJudgeOptions {
  /**
   * Longest one judgement may take, retries included; the call is aborted after that. The judge
   * runs inside the TaskCompleted consumer callback: heartbeats continue, but the partition waits
   * on it, so a slow or dead model must not hold it for longer than this.
   */
  timeoutMs: number;
  /** Longest answer asked for, in tokens. @default 300 */
  maxTokens?: number;
  /** Longest output text put in the prompt, in characters; the rest is cut. @default 12000 */
  maxOutputChars?: number;
}

const SYSTEM = [
  'You are a strict reviewer of work produced by automated agents.',
  'Judge whether the output does what the capability and the goal ask: relevance, correctness,',
  'completeness and clarity. Do not reward length.',
  'Answer with JSON only, no prose and no code fence:',
  '{ "score": <number from 0 to 1>, "feedback": "<at most three sentences the next attempt can act on>" }',
].join('\n');

/** A {@link Judge} that asks a language model for a score and feedback in strict JSON. */
export class ModelJudge implements Judge {
  constructor(
    private readonly model: LanguageModel,
    private readonly options: ModelJudgeOptions,
  ) {}

  /** Rejects when the model fails, times out or answers anything but the JSON asked for. */
  async judge(request: JudgeRequest): Promise<Opinion> {
    const completion = await this.model.complete({
      system: SYSTEM,
      prompt: this.prompt(request),
      maxTokens: this.options.maxTokens ?? 300,
      temperature: 0,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    return parseJudgeAnswer(completion.text);
  }

  private prompt(request: JudgeRequest): string {
    const max = this.options.maxOutputChars ?? 12_000;
    const output = JSON.stringify(request.output satisfies TaskOutput, null, 2);
    const shown =
      output.length > max ? `${output.slice(0, max)}\n… (cut at ${max} characters)` : output;
    return [
      `Capability: ${request.capability}`,
      ...(request.goal ? [`Goal: ${request.goal}`] : []),
      'Output:',
      shown,
    ].join('\n\n');
  }
}

/** The configured judge, or undefined when LLM_PROVIDER is none (then nothing calls the network). */
export function createModelJudge(config: ModelJudgeConfig): ModelJudge | undefined {
  const model = createLanguageModel({
    provider: config.LLM_PROVIDER,
    model: config.LLM_MODEL,
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    timeoutMs: config.LLM_TIMEOUT_MS,
    priceInputPer1k: config.LLM_PRICE_INPUT_PER_1K,
    priceOutputPer1k: config.LLM_PRICE_OUTPUT_PER_1K,
  });
  return model && new ModelJudge(model, { timeoutMs: config.LLM_TIMEOUT_MS });
}

/** Ids a judgement is logged with. */
export interface JudgementIds {
  goalId: string | null;
  taskId: string;
  attempt: number;
  agentId: string;
}

/**
 * The final judgement: the deterministic checks, with the judge's opinion mixed in by
 * {@link combineWithOpinion} when a judge is configured, no hard check failed, and the judge
 * answered usably. A judge that fails or answers badly never fails the evaluation: the checks
 * decide alone and the reason is logged.
 */
export async function judgeWithModel(
  checks: readonly Check[],
  request: JudgeRequest | undefined,
  options: {
    judge: Judge | undefined;
    weight: number;
    threshold: number;
    logger: Logger;
    ids: JudgementIds;
  },
): Promise<Judgement> {
  const { judge, weight, threshold, logger, ids } = options;
  // A hard failure rejects whatever the model says: not worth a paid call.
  if (!judge || !request || hasHardFailure(checks)) {
    return combineWithOpinion(checks, undefined, weight, threshold);
  }
  let opinion: Opinion | undefined;
  try {
    opinion = await judge.judge(request);
  } catch (error) {
    logger.warn(
      { ...ids, capability: request.capability, err: error },
      'model judge gave no usable opinion; the deterministic checks decide alone',
    );
  }
  return combineWithOpinion(checks, opinion, weight, threshold);
}
