import { LanguageModelError } from './language-model';

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
