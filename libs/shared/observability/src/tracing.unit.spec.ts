import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { startTracing } from './tracing';

describe('tracing without an exporter', () => {
  it('gives spans real ids, and log lines written inside a span carry them', async () => {
    const stop = startTracing({ service: 'test', version: '0.0.0' });
    const lines: string[] = [];
    const logger = createLogger('test', 'info', { write: (line: string) => lines.push(line) });
    try {
      const ids = trace.getTracer('test').startActiveSpan('work', (span) => {
        logger.info('inside');
        span.end();
        return span.spanContext();
      });
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(ids.traceId).not.toBe('0'.repeat(32));
      const line = JSON.parse(lines[0] ?? '{}') as { traceId?: string; spanId?: string };
      expect(line.traceId).toBe(ids.traceId);
      expect(line.spanId).toBe(ids.spanId);
    } finally {
      await stop();
    }
  });
});
