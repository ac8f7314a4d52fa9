import {
  LanguageModelError,
  type ChatMessage,
  type ToolCall,
  type ToolDefinition,
} from './language-model';

/** What a provider returns for one HTTP call, before accounting. */
export interface RawCompletion {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** One HTTP call to a provider, without retries; the signal carries the per-call timeout. */
export type ProviderCall = (
  request: { system?: string; prompt: string; maxTokens: number; temperature?: number },
  signal: AbortSignal,
) => Promise<RawCompletion>;

/** What a provider returns for one chat turn, before accounting. */
export interface RawChatTurn {
  text: string;
  toolCalls: ToolCall[];
  inputTokens: number;
  outputTokens: number;
}

/** One chat turn with tools, without retries; the signal carries the per-call timeout. */
export type ProviderChatCall = (
  request: {
    system?: string;
    messages: readonly ChatMessage[];
    tools: readonly ToolDefinition[];
    maxTokens: number;
    temperature?: number;
    /** Set: stream the answer, passing each piece of text on as it is read. */
    onToken?: (text: string) => void;
  },
  signal: AbortSignal,
) => Promise<RawChatTurn>;

/** Tool arguments as the model sent them: a JSON object, else `{}` (the tool then says what is missing). */
export function parseToolArguments(raw: unknown): Record<string, unknown> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = raw.trim() ? JSON.parse(raw) : {};
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Whether an SDK error is worth another try: rate limits (429), server errors (5xx), request
 * timeouts (408) and failures without a status (connection refused, reset, DNS).
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof LanguageModelError) return error.retriable;
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'APIUserAbortError') return false;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status === 408 || status === 429 || status >= 500;
  return true;
}
