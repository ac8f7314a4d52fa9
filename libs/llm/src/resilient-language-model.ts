import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import {
  LanguageModelError,
  type ChatRequest,
  type ChatResponse,
  type Completion,
  type CompletionRequest,
  type LanguageModel,
} from './language-model';
import { isTransient, type ProviderCall, type ProviderChatCall } from './provider-call';

/** How a model is called: limits, retries, circuit breaker and prices. */
export interface ResilienceOptions {
  /** Longest one HTTP call may take before it is aborted (and retried). @default 30000 */
  timeoutMs?: number;
  /** Tries per completion, the first included, on 429, 5xx, timeouts and network errors. @default 3 */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry. @default 500 */
  initialDelayMs?: number;
  /** @default 10000 */
  maxDelayMs?: number;
  /** Consecutive transient failures that open the circuit. @default 5 */
  breakerThreshold?: number;
  /** How long an open circuit fails calls at once before letting one through. @default 30000 */
  breakerResetMs?: number;
  /** Completion length when the request names none. @default 1024 */
  maxTokens?: number;
  /** US dollars per 1000 input tokens. @default 0 */
  priceInputPer1k?: number;
  /** US dollars per 1000 output tokens. @default 0 */
  priceOutputPer1k?: number;
}

/** Wraps one provider call in the {@link resiliencePolicy}. */
export class ResilientLanguageModel implements LanguageModel {
  private readonly policy: IPolicy;
  private readonly timeoutMs: number;

  constructor(
    readonly model: string,
    private readonly call: ProviderCall,
    private readonly options: ResilienceOptions = {},
    /** The provider's chat turn with tools; without it chat() fails as not retriable. */
    private readonly chatCall?: ProviderChatCall,
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.policy = resiliencePolicy(options);
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const body = {
      system: request.system,
      prompt: request.prompt,
      maxTokens: request.maxTokens ?? this.options.maxTokens ?? 1024,
      temperature: request.temperature,
    };
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const raw = await this.policy.execute(
        ({ signal }) => this.call(body, signal),
        request.signal,
      );
      inputTokens = raw.inputTokens;
      outputTokens = raw.outputTokens;
      return {
        text: raw.text,
        model: this.model,
        usage: { inputTokens, outputTokens, costUsd: this.cost(inputTokens, outputTokens) },
      };
    } catch (error) {
      throw this.explain(error, request.signal);
    }
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const chatCall = this.chatCall;
    if (!chatCall) {
      throw new LanguageModelError(`${this.model}: this provider has no tool calling`, false);
    }
    const body = {
      ...(request.system ? { system: request.system } : {}),
      messages: request.messages,
      tools: request.tools ?? [],
      maxTokens: request.maxTokens ?? this.options.maxTokens ?? 1024,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.onToken ? { onToken: request.onToken } : {}),
    };
    try {
      const raw = await this.policy.execute(({ signal }) => chatCall(body, signal), request.signal);
      return {
        text: raw.text,
        toolCalls: raw.toolCalls,
        model: this.model,
        usage: {
          inputTokens: raw.inputTokens,
          outputTokens: raw.outputTokens,
          costUsd: this.cost(raw.inputTokens, raw.outputTokens),
        },
      };
    } catch (error) {
      throw this.explain(error, request.signal);
    }
  }

  private cost(inputTokens: number, outputTokens: number): number {
    const price =
      (inputTokens / 1000) * (this.options.priceInputPer1k ?? 0) +
      (outputTokens / 1000) * (this.options.priceOutputPer1k ?? 0);
    return Math.round(price * 1e6) / 1e6;
  }

  private explain(error: unknown, signal: AbortSignal | undefined): LanguageModelError {
    return explainFailure(this.model, this.timeoutMs, error, signal);
  }
}

/**
 * Retry with exponential backoff, outermost; a consecutive-failure circuit breaker (each try
 * counts, so a dead endpoint opens it quickly); an aggressive per-call timeout whose signal
 * aborts the HTTP request. Shared by every kind of model call.
 */
export function resiliencePolicy(options: ResilienceOptions): IPolicy {
  const transient = handleWhen(
    (error) => error instanceof TaskCancelledError || isTransient(error),
  );
  const retryPolicy = retry(
    handleWhen(
      (error) =>
        !(error instanceof BrokenCircuitError) &&
        (error instanceof TaskCancelledError || isTransient(error)),
    ),
    {
      maxAttempts: Math.max(0, (options.maxAttempts ?? 3) - 1),
      backoff: new ExponentialBackoff({
        initialDelay: options.initialDelayMs ?? 500,
        maxDelay: options.maxDelayMs ?? 10_000,
      }),
    },
  );
  const breaker = circuitBreaker(transient, {
    halfOpenAfter: options.breakerResetMs ?? 30_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  return wrap(
    retryPolicy,
    breaker,
    timeout(options.timeoutMs ?? 30_000, TimeoutStrategy.Aggressive),
  );
}

/** A failure of the policy-wrapped call as a {@link LanguageModelError} that says whether to retry later. */
export function explainFailure(
  model: string,
  timeoutMs: number,
  error: unknown,
  signal: AbortSignal | undefined,
): LanguageModelError {
  if (error instanceof LanguageModelError) return error;
  if (signal?.aborted) {
    return new LanguageModelError(`${model}: call aborted`, false, { cause: error });
  }
  if (error instanceof BrokenCircuitError) {
    return new LanguageModelError(
      `${model}: circuit open after repeated failures; not calling the provider`,
      true,
      { cause: error },
    );
  }
  if (error instanceof TaskCancelledError) {
    return new LanguageModelError(`${model}: timed out after ${timeoutMs} ms`, true, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LanguageModelError(`${model}: ${message}`, isTransient(error), { cause: error });
}
