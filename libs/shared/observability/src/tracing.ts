import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  service: string;
  version: string;
  /** OTLP/HTTP endpoint; without one, spans are still created (for log correlation) but not exported. */
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
      : { spanProcessors: [] }),
    // Instrumentation is explicit (libs/messaging creates its own spans); auto-instrumentation
    // would patch modules at import time, which an SDK started after imports cannot do reliably.
    instrumentations: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}
