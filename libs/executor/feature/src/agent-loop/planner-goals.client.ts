import type { ParentGoal, SubGoalSubmission } from '@agora/executor/domain';

/** A goal as the planner's `GET /goals/:id` answers (the fields this client reads). */
export interface PlannerGoal {
  goalId: string;
  state: string;
  output: string | null;
  failure: { code: string; reason: string } | null;
  reason: string | null;
  priority: number;
  budget: { deadlineAt: string | null };
}

/** Options of {@link PlannerGoalsClient}. */
export interface PlannerGoalsClientOptions {
  /** How often a goal is read while waiting for it to end, in ms. @default 250 */
  pollMs?: number;
  /**
   * Failed reads in a row after which waiting gives up (the planner restarting is a few).
   * @default 40
   */
  maxReadFailures?: number;
}

/** The planner refused or failed a request; the message says why, as the planner did. */
export class PlannerRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PlannerRequestError';
  }
}

const TERMINAL_STATES = new Set(['completed', 'failed']);

/**
 * The planner's goal API as an executor uses it to delegate: submit a goal (`POST /goals`), read
 * one (`GET /goals/:id`), and wait for one to end by reading it until it is completed or failed.
 * Polling rather than `GET /goals/:id/stream`: the stream itself reads the goal twice a second,
 * and a read survives a planner restart where a stream would have to be opened again. Every
 * request follows the caller's abort signal.
 */
export class PlannerGoalsClient {
  private readonly baseUrl: string;
  private readonly pollMs: number;
  private readonly maxReadFailures: number;

  /** @param baseUrl the planner, e.g. `http://127.0.0.1:3001` */
  constructor(baseUrl: string, options: PlannerGoalsClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.pollMs = options.pollMs ?? 250;
    this.maxReadFailures = options.maxReadFailures ?? 40;
  }

  /**
   * Submits a goal; resolves with its id. With an idempotency key, submitting the same goal again
   * resolves with the goal already submitted.
   */
  async submit(
    body: SubGoalSubmission,
    signal: AbortSignal,
    idempotencyKey?: string,
  ): Promise<string> {
    const answer = await this.request(
      'POST',
      '/goals',
      signal,
      body,
      idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {},
    );
    const goalId = (answer as { goalId?: unknown }).goalId;
    if (typeof goalId !== 'string') {
      throw new PlannerRequestError('the planner accepted the goal without saying its id', 202);
    }
    return goalId;
  }

  /** A goal as the planner has it now. */
  async get(goalId: string, signal: AbortSignal): Promise<PlannerGoal> {
    return (await this.request(
      'GET',
      `/goals/${encodeURIComponent(goalId)}`,
      signal,
    )) as PlannerGoal;
  }

  /** The deadline and priority of a goal, or undefined when the planner cannot tell now. */
  async parentOf(goalId: string, signal: AbortSignal): Promise<ParentGoal | undefined> {
    try {
      const goal = await this.get(goalId, signal);
      const deadline = goal.budget.deadlineAt ? Date.parse(goal.budget.deadlineAt) : NaN;
      return { deadlineAt: Number.isNaN(deadline) ? null : deadline, priority: goal.priority };
    } catch (error) {
      if (signal.aborted) throw error;
      return undefined;
    }
  }

  /**
   * Resolves with the goal once it is completed or failed. A read that fails is tried again
   * until {@link PlannerGoalsClientOptions.maxReadFailures} have failed in a row; a goal the
   * planner does not know (404) ends the wait at once.
   */
  async waitForEnd(goalId: string, signal: AbortSignal): Promise<PlannerGoal> {
    let failures = 0;
    for (;;) {
      try {
        const goal = await this.get(goalId, signal);
        failures = 0;
        if (TERMINAL_STATES.has(goal.state)) return goal;
      } catch (error) {
        if (signal.aborted || (error instanceof PlannerRequestError && error.status === 404)) {
          throw error;
        }
        if (++failures >= this.maxReadFailures) throw error;
      }
      await sleep(this.pollMs, signal);
    }
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        signal,
        ...(body !== undefined
          ? {
              headers: { 'content-type': 'application/json', ...headers },
              body: JSON.stringify(body),
            }
          : {}),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      const cause = error instanceof Error ? (error.cause ?? error) : error;
      throw new PlannerRequestError(
        `the planner at ${this.baseUrl} is not reachable: ${cause instanceof Error ? cause.message : String(cause)}`,
        null,
        { cause: error },
      );
    }
    const text = await res.text();
    if (res.status >= 300) {
      throw new PlannerRequestError(
        `the planner answered ${method} ${path} with ${res.status}: ${messageOf(text)}`,
        res.status,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new PlannerRequestError(`the planner answered ${method} ${path} with no JSON`, 200, {
        cause: error,
      });
    }
  }
}

/** The `message` of a Nest error body, else the body itself (cut short). */
function messageOf(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
  } catch {
    // not JSON
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
