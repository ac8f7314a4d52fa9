import { sampleEvent } from '@agora/contracts/testing';
import { useInMemoryTracing } from '@agora/observability/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

describe('trace context crosses Kafka in headers', () => {
  const exporter = useInMemoryTracing();
  const prefix = uniquePrefix('tracing');
  let client: MessagingClient;
  let seenTraceId: string | undefined;

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect(['TaskReady']);
    await client
      .consumer()
      .on('TaskReady', () => {
        seenTraceId = trace.getSpan(context.active())?.spanContext().traceId;
      })
      .start();
  });
  afterAll(async () => {
    await client?.close();
  });

  it("makes the producer's span the parent of the consumer's span", async () => {
    const tracer = trace.getTracer('test');
    const rootTraceId = await tracer.startActiveSpan('submit goal', async (root) => {
      await client.publisher.publish('TaskReady', sampleEvent('TaskReady'));
      root.end();
      return root.spanContext().traceId;
    });
    const consumerSpan = await waitFor('consumer span', () =>
      exporter
        .getFinishedSpans()
        .find((s) => s.kind === SpanKind.CONSUMER && s.name.endsWith('agora.tasks.ready')),
    );
    const producerSpan = exporter
      .getFinishedSpans()
      .find((s) => s.kind === SpanKind.PRODUCER && s.name.endsWith('agora.tasks.ready'));
    expect(producerSpan).toBeDefined();
    expect(producerSpan!.spanContext().traceId).toBe(rootTraceId);
    expect(consumerSpan.spanContext().traceId).toBe(rootTraceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(producerSpan!.spanContext().spanId);
    // The handler runs inside the consumer span, so its own work joins the same trace.
    expect(seenTraceId).toBe(rootTraceId);
  });
});
