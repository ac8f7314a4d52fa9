/** One request to a language model. */
export interface CompletionRequest {
  /** System instructions; providers that have no system role prepend them to the prompt. */
  system?: string;
  prompt: string;
  /** @default the provider options' maxTokens */
  maxTokens?: number;
  /** @default the provider's own default */
  temperature?: number;
  /** Aborts the call (and its retries), e.g. when the task it serves is cancelled. */
  signal?: AbortSignal;
}

/** Tokens and money one completion consumed, retries included. */
export interface CompletionUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Completion {
  text: string;
  usage: CompletionUsage;
  /** provider/model, as recorded in a task's Usage.model. */
  model: string;
}

/** A text-in, text-out model, whatever the provider behind it. */
export interface LanguageModel {
  /** provider/model, e.g. openai/gpt-4o-mini. */
  readonly model: string;
  complete(request: CompletionRequest): Promise<Completion>;
}

/**
 * A model call that failed for good. `retriable` says whether a later call could succeed
 * (rate limits, server errors, timeouts, an open circuit) or not (bad request, bad key).
 */
export class LanguageModelError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LanguageModelError';
  }
}
