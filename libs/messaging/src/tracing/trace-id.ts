import { trace } from '@opentelemetry/api';

/** W3C traceparent: version-traceid-parentid-flags, lower-case hex. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const INVALID_TRACE_ID = '0'.repeat(32);

/** The trace id of a message's `traceparent` header; null when absent or invalid. */
export function traceIdOfHeaders(headers: Readonly<Record<string, string>>): string | null {
  const id = TRACEPARENT.exec(headers['traceparent']?.trim() ?? '')?.[1];
  return id && id !== INVALID_TRACE_ID ? id : null;
}

/** The trace id of the span active now; null outside any recorded span. */
export function activeTraceId(): string | null {
  const id = trace.getActiveSpan()?.spanContext().traceId;
  return id && id !== INVALID_TRACE_ID ? id : null;
}
