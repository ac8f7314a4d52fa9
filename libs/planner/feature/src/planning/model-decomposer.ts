import { createLanguageModel, type LanguageModel, type LanguageModelOptions } from '@agora/llm';
import {
  parseModelPlan,
  planningPrompt,
  type DecompositionRequest,
  type GoalDecomposer,
  type WorkflowDefinition,
} from '@agora/planner/domain';

export interface ModelDecomposerOptions {
  /** Longest plan the model may write. @default 2048 */
  maxTokens?: number;
  /** Low, so that the same goal tends to get the same plan. @default 0 */
  temperature?: number;
}

/**
 * Plans a goal with a language model: asks for a workflow as JSON and validates the answer with
 * the workflow files' rules. Any failure (the model's, the JSON's or the plan's) is thrown, so
 * that choosePlan falls back to the default workflow and logs why.
 */
export class ModelDecomposer implements GoalDecomposer {
  readonly name: string;

  constructor(
    private readonly model: LanguageModel,
    private readonly options: ModelDecomposerOptions = {},
  ) {
    this.name = model.model;
  }

  async decompose(request: DecompositionRequest): Promise<WorkflowDefinition> {
    const { system, prompt } = planningPrompt(request);
    const completion = await this.model.complete({
      system,
      prompt,
      maxTokens: this.options.maxTokens ?? 2048,
      temperature: this.options.temperature ?? 0,
    });
    request.onUsage?.(completion.usage);
    return parseModelPlan(completion.text, `from ${this.name}`);
  }
}

/** The LLM_* keys, as the planner's and the executor's environments define them. */
export interface LanguageModelSettings {
  LLM_PROVIDER: 'none' | 'openai' | 'anthropic';
  LLM_BASE_URL?: string | undefined;
  LLM_API_KEY?: string | undefined;
  LLM_MODEL?: string | undefined;
  LLM_TIMEOUT_MS: number;
  LLM_PRICE_INPUT_PER_1K: number;
  LLM_PRICE_OUTPUT_PER_1K: number;
}

/** The model decomposer the settings describe; undefined when LLM_PROVIDER is none. */
export function modelDecomposerFromSettings(
  settings: LanguageModelSettings,
  resilience: Omit<LanguageModelOptions, 'provider' | 'model' | 'baseUrl' | 'apiKey'> = {},
): ModelDecomposer | undefined {
  const model = createLanguageModel({
    ...resilience,
    provider: settings.LLM_PROVIDER,
    timeoutMs: settings.LLM_TIMEOUT_MS,
    priceInputPer1k: settings.LLM_PRICE_INPUT_PER_1K,
    priceOutputPer1k: settings.LLM_PRICE_OUTPUT_PER_1K,
    ...(settings.LLM_MODEL ? { model: settings.LLM_MODEL } : {}),
    ...(settings.LLM_BASE_URL ? { baseUrl: settings.LLM_BASE_URL } : {}),
    ...(settings.LLM_API_KEY ? { apiKey: settings.LLM_API_KEY } : {}),
  });
  return model ? new ModelDecomposer(model) : undefined;
}
