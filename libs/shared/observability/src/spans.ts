import { SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';

/**
 * Runs `fn` in an active span named `name`: an error is recorded on the span and rethrown, and
 * the span ends however `fn` settles.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : new Error(String(error)));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
