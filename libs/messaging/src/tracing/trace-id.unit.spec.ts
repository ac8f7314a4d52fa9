import { describe, expect, it } from 'vitest';
import { traceIdOfHeaders } from './trace-id';

describe('traceIdOfHeaders', () => {
  it('reads the trace id of a W3C traceparent', () => {
    expect(
      traceIdOfHeaders({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }),
    ).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('is null without a header, for a malformed one, and for the all-zero id', () => {
    expect(traceIdOfHeaders({})).toBeNull();
    expect(traceIdOfHeaders({ traceparent: 'not-a-trace' })).toBeNull();
    expect(
      traceIdOfHeaders({ traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }),
    ).toBeNull();
  });
});
