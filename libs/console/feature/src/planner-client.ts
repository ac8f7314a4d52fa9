import { Inject, Injectable } from '@nestjs/common';
import { CONSOLE_SETTINGS, type ConsoleSettings } from './console-settings';

/** What the planner answered, to pass on as it is. */
export interface PlannerReply {
  status: number;
  /** The reply's Content-Type and Retry-After, when it had them. */
  headers: Record<string, string>;
  body: string;
}

/** A request the console passes on to the planner. */
export interface PlannerRequest {
  method: 'GET' | 'POST';
  /** Path and query string, e.g. `/dead-letters?limit=10`. */
  path: string;
  /** JSON body of a POST. */
  body?: unknown;
  /** Headers passed on, such as who asks (`x-agora-user`). */
  headers?: Record<string, string>;
}

const PASSED_HEADERS = ['content-type', 'retry-after'];

/**
 * The planner's REST API, over HTTP: the console's only call to another service, for what the
 * planner owns (accepting goals, its workflows, the dead-letter API). A planner that does not
 * answer is a 502, one too slow a 504, each with a message naming PLANNER_URL.
 */
@Injectable()
export class PlannerClient {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  async forward(request: PlannerRequest): Promise<PlannerReply> {
    const url = `${this.settings.plannerUrl}${request.path}`;
    try {
      const res = await fetch(url, {
        method: request.method,
        headers: {
          ...request.headers,
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.settings.plannerTimeoutMs),
      });
      const headers: Record<string, string> = {};
      for (const name of PASSED_HEADERS) {
        const value = res.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { status: res.status, headers, body: await res.text() };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      const status = timedOut ? 504 : 502;
      const why = timedOut
        ? `did not answer within ${this.settings.plannerTimeoutMs} ms`
        : `cannot be reached (${causeOf(error)})`;
      return {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          statusCode: status,
          error: timedOut ? 'Gateway Timeout' : 'Bad Gateway',
          message: `the planner at ${this.settings.plannerUrl} ${why}; is it running? (PLANNER_URL)`,
        }),
      };
    }
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
