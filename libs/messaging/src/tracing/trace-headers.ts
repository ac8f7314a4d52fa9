import {
  ROOT_CONTEXT,
  SpanKind,
  context,
  propagation,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/*
 * W3C trace context (traceparent, tracestate) travels in Kafka headers, so a consumer's span is a
 * child of the producer's span across the broker hop.
 */
const tracer = trace.getTracer('@agora/messaging');

export function injectTraceHeaders(
  headers: Record<string, string>,
  ctx: Context = context.active(),
): void {
  propagation.inject(ctx, headers);
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first.toString();
  }
  return out;
}

export function withProducerSpan<T>(
  topic: string,
  eventType: string,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `publish ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'agora.event.type': eventType,
      },
    },
    (span) => endWhenSettled(span, fn),
  );
}

export function withConsumerSpan<T>(
  message: {
    topic: string;
    partition: number;
    offset: string;
    headers: Record<string, string>;
    group: string;
  },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, message.headers);
  return tracer.startActiveSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.consumer.group.name': message.group,
      },
    },
    parent,
    (span) => endWhenSettled(span, fn),
  );
}

async function endWhenSettled<T>(span: Span, fn: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await fn(span);
  } catch (error) {
    span.recordException(error instanceof Error ? error : new Error(String(error)));
    span.setStatus({ code: 2 });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * One CONSUMER span for a batch handled at once, linked to the span of every message's producer
 * (a batch has many parents, so they are links rather than a parent).
 */
export function withBatchSpan<T>(
  batch: {
    topic: string;
    partition: number;
    group: string;
    headers: readonly Record<string, string>[];
  },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const links = batch.headers.flatMap((headers) => {
    const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, headers));
    return spanContext ? [{ context: spanContext }] : [];
  });
  return tracer.startActiveSpan(
    `process ${batch.topic}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': batch.topic,
        'messaging.destination.partition.id': String(batch.partition),
        'messaging.batch.message_count': batch.headers.length,
        'messaging.consumer.group.name': batch.group,
      },
    },
    ROOT_CONTEXT,
    (span) => endWhenSettled(span, fn),
  );
}
