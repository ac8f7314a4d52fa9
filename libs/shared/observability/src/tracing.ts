import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  service: string;
  version: string;
  /**
   * OTLP/HTTP endpoint; without one, spans are still created with real ids (logs carry them) but
   * not exported.
   * @default undefined
   */
  otlpEndpoint?: string | undefined;
}

/**
 * Starts the OpenTelemetry SDK. Call it before Nest is created, so that everything the app
 * creates runs under the registered tracer provider and the W3C trace-context propagator.
 * @returns a function that flushes and stops the SDK.
 */
export function startTracing(options: TracingOptions): () => Promise<void> {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      [ATTR_SERVICE_VERSION]: options.version,
    }),
    ...(options.otlpEndpoint
      ? {
          traceExporter: new OTLPTraceExporter({
            url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`,
          }),
        }
      : // Without a processor the SDK registers no tracer provider, and every span is the API's
        // no-op span whose trace id is all zeros: logs would carry "000…0" and an incoming
        // traceparent would be the only real id. One that records nothing keeps real ids.
        { spanProcessors: [new DiscardingSpanProcessor()] }),
    // Instrumentation is explicit (libs/messaging creates its own spans); auto-instrumentation
    // would patch modules at import time, which an SDK started after imports cannot do reliably.
    instrumentations: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}

/** Lets spans be created, with real trace and span ids, and sends them nowhere. */
class DiscardingSpanProcessor {
  onStart(): void {}
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
