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
  /** One turn of a conversation with native tool calling; the caller runs the tools. */
  chat(request: ChatRequest): Promise<ChatResponse>;
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

/** A tool the model may call, its arguments described by a JSON Schema object. */
export interface ToolDefinition {
  /** Letters, digits, `_` and `-` (both providers' rule). */
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** A tool call the model asked for; `arguments` is the parsed JSON it sent (`{}` when unparsable). */
export interface ToolCall {
  /** The provider's id, quoted back in the tool's result. */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** One turn of a conversation, in a provider-neutral form. */
export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: readonly ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** One model turn with tools. */
export interface ChatRequest {
  system?: string;
  messages: readonly ChatMessage[];
  /** Tools offered for this turn; none means a plain answer. */
  tools?: readonly ToolDefinition[];
  /** @default the provider options' maxTokens */
  maxTokens?: number;
  /** @default the provider's own default */
  temperature?: number;
  signal?: AbortSignal;
  /**
   * Receives the turn's text piece by piece as the model produces it: the call is then streamed
   * (OpenAI `stream: true` with usage, Anthropic `stream: true`). The turn the call resolves to
   * is the same as without it, tool calls and usage included; the pieces are a live view of its
   * text. A call that is retried after a failure streams again from the start of its answer.
   * @default none: the turn is answered whole
   */
  onToken?: (text: string) => void;
}

/** The model's turn: text, tool calls, or both. */
export interface ChatResponse {
  text: string;
  /** Empty when the model answered without calling a tool. */
  toolCalls: ToolCall[];
  usage: CompletionUsage;
  /** provider/model, as recorded in a task's Usage.model. */
  model: string;
}
