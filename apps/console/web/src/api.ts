import type {
  AgentRow,
  DeadLetterPage,
  DeadLetterView,
  GoalDetail,
  GoalRow,
  PendingDecisionRow,
  ReplayedDeadLetter,
  SwarmView,
  WorkflowView,
} from './api-types';
import type { GoalFilter } from './route';

/** A request that failed: the server's message when it gave one, and the field it named. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The request field the server blamed (`goal`, `inputs.topic`), when it named one. */
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nest answers `{ message }` (a string, or a list for its own validation), sometimes `fields`. */
function messageOf(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const { message } = body;
  if (typeof message === 'string' && message !== '') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return null;
}

function fieldOf(body: unknown): string | null {
  if (!isRecord(body)) return null;
  if (typeof body['field'] === 'string') return body['field'];
  const fields = body['fields'];
  if (Array.isArray(fields)) {
    const first: unknown = fields[0];
    if (isRecord(first) && typeof first['field'] === 'string') return first['field'];
  }
  return null;
}

// Relative to the page, so the console works behind a proxy that serves it under a path.
async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...init?.headers },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ApiError(`cannot reach the console (${path}): ${why}`, 0, null);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = messageOf(body) ?? `${response.status} ${response.statusText}`.trim();
    throw new ApiError(
      `${message} (${init?.method ?? 'GET'} ${path})`,
      response.status,
      fieldOf(body),
    );
  }
  if (body === undefined) {
    throw new ApiError(`${path} answered ${response.status} without JSON`, response.status, null);
  }
  return body as T;
}

const post = <T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> =>
  request<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** A person's answer to an approval step. */
export interface Decision {
  decision: 'approve' | 'reject';
  comment?: string;
  /** Who decides, recorded with the decision (sent as `x-agora-user`). */
  by?: string;
}

/** What the submit form sends: the planner's POST /goals body. */
export interface SubmitGoal {
  goal: string;
  workflow?: string;
  inputs?: Record<string, string>;
  priority?: number;
}

/** The most goals the list asks for; the server caps it at 1000. */
export const GOALS_LIMIT = 200;

export const api = {
  goals(filter: GoalFilter): Promise<{ goals: GoalRow[] }> {
    const query = new URLSearchParams({ limit: String(GOALS_LIMIT) });
    if (filter.state) query.set('state', filter.state);
    if (filter.workflow) query.set('workflow', filter.workflow);
    if (filter.q?.trim()) query.set('q', filter.q.trim());
    return request(`api/goals?${query.toString()}`);
  },
  goal(goalId: string): Promise<GoalDetail> {
    return request(`api/goals/${encodeURIComponent(goalId)}`);
  },
  submitGoal(body: SubmitGoal): Promise<{ goalId: string }> {
    return post('api/goals', body);
  },
  workflows(): Promise<{ items: WorkflowView[] }> {
    return request('api/workflows');
  },
  decisions(): Promise<{ decisions: PendingDecisionRow[] }> {
    return request('api/decisions');
  },
  /** Approves or rejects an approval step that waits for a person; 409 once decided. */
  decide(goalId: string, taskName: string, { decision, comment, by }: Decision) {
    const path = `api/goals/${encodeURIComponent(goalId)}/tasks/${encodeURIComponent(taskName)}/decision`;
    return post<{ goalId: string; task: string; decision: string; goalState: string }>(
      path,
      { decision, ...(comment?.trim() ? { comment: comment.trim() } : {}) },
      by?.trim() ? { 'x-agora-user': by.trim() } : {},
    );
  },
  /** Cancels a goal that has not ended: it fails as cancelled; 409 once it has ended. */
  cancelGoal(goalId: string, reason: string, by: string) {
    return post<{ goalId: string; goalState: string; reason: string }>(
      `api/goals/${encodeURIComponent(goalId)}/cancel`,
      reason.trim() ? { reason: reason.trim() } : {},
      by.trim() ? { 'x-agora-user': by.trim() } : {},
    );
  },
  agents(): Promise<{ agents: AgentRow[] }> {
    return request('api/agents');
  },
  swarm(): Promise<SwarmView> {
    return request('api/swarm');
  },
  deadLetters(limit: number): Promise<DeadLetterPage> {
    return request(`api/dead-letters?limit=${limit}`);
  },
  /** One dead letter whole, its bytes included; `position` is `partition:offset`. */
  deadLetter(position: string): Promise<DeadLetterView> {
    const [partition = '', offset = ''] = position.split(':');
    return request(
      `api/dead-letters/${encodeURIComponent(partition)}/${encodeURIComponent(offset)}`,
    );
  },
  replayDeadLetter(position: string): Promise<{ replayed: ReplayedDeadLetter[] }> {
    return post('api/dead-letters/replay', { positions: [position] });
  },
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
