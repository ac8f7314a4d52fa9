import { randomUUID } from 'node:crypto';
import { newEnvelope, type MemoryHit, type MemorySearchCompleted } from '@agora/contracts';
import type { MessagingClient } from '@agora/messaging';

/** A ranked search of memory. */
export interface MemorySearch {
  query: string;
  /** Most hits, best first. @default 5 */
  k?: number;
  /** Only items of this goal plus knowledge. @default null (everything) */
  scopeGoalId?: string | null;
  /** Only items of these kinds (goal, task_result, evaluation, knowledge). @default [] (every kind) */
  kinds?: string[];
  /** Who asks (an agent id or a service name). */
  requester: string;
}

/** Options of {@link MemorySearchClient}. */
export interface MemorySearchClientOptions {
  /**
   * Prefix of the reply consumer's group, which is `${groupPrefix}memory-client-<uuid>`: one
   * group per process, so every process sees every reply and keeps its own.
   * @default ''
   */
  groupPrefix?: string;
  /** How long a request waits for its reply unless the call says otherwise. @default 10000 */
  defaultTimeoutMs?: number;
}

/** Memory did not answer in time; the request may still be answered later, and is then ignored. */
export class MemoryTimeoutError extends Error {
  constructor(
    readonly requestId: string,
    timeoutMs: number,
  ) {
    super(`memory did not answer request ${requestId} within ${timeoutMs} ms`);
    this.name = 'MemoryTimeoutError';
  }
}

/** Memory answered with an error. */
export class MemorySearchError extends Error {
  constructor(
    readonly requestId: string,
    reason: string,
  ) {
    super(`memory could not answer request ${requestId}: ${reason}`);
    this.name = 'MemorySearchError';
  }
}

interface Pending {
  resolve: (hits: MemoryHit[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Asks memory over Kafka: publishes MemorySearchRequested and waits for the MemorySearchCompleted
 * with the same requestId. Replies are read by a consumer group of this process alone, started
 * at the end of the topic on first use; it stops with the messaging client.
 */
export class MemorySearchClient {
  private readonly pending = new Map<string, Pending>();
  private started: Promise<void> | undefined;
  private readonly groupId: string;
  private readonly defaultTimeoutMs: number;

  constructor(
    private readonly messaging: MessagingClient,
    options: MemorySearchClientOptions = {},
  ) {
    this.groupId = `${options.groupPrefix ?? ''}memory-client-${randomUUID()}`;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;
  }

  /** Joins the reply group; called by the first request, or earlier to take the wait off it. */
  start(): Promise<void> {
    this.started ??= this.messaging
      // A group of its own that starts at the end and stores no offsets: nothing to resume.
      .consumer(this.groupId, { fromBeginning: false, commit: false })
      .on('MemorySearchCompleted', (reply) => this.onReply(reply))
      .start()
      .catch((error: unknown) => {
        this.started = undefined;
        throw error;
      });
    return this.started;
  }

  /** The best hits for a query. */
  search(
    search: MemorySearch,
    timeoutMs = this.defaultTimeoutMs,
    goalId: string | null = search.scopeGoalId ?? null,
  ): Promise<MemoryHit[]> {
    return this.request(
      {
        requester: search.requester,
        query: search.query,
        k: search.k ?? 5,
        scopeGoalId: search.scopeGoalId ?? null,
        kinds: search.kinds ?? [],
        itemIds: [],
      },
      goalId,
      timeoutMs,
    );
  }

  /** Items by id, whole (score 1); ids memory does not have are missing from the result. */
  getItems(
    ids: readonly string[],
    options: { requester: string; goalId?: string | null },
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<MemoryHit[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.request(
      {
        requester: options.requester,
        query: '',
        k: ids.length,
        scopeGoalId: null,
        kinds: [],
        itemIds: [...ids],
      },
      options.goalId ?? null,
      timeoutMs,
    );
  }

  private async request(
    body: {
      requester: string;
      query: string;
      k: number;
      scopeGoalId: string | null;
      kinds: string[];
      itemIds: string[];
    },
    goalId: string | null,
    timeoutMs: number,
  ): Promise<MemoryHit[]> {
    await this.start();
    const requestId = randomUUID();
    const reply = new Promise<MemoryHit[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new MemoryTimeoutError(requestId, timeoutMs));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
    });
    // A timeout that fires while publishing is still reported, through the returned promise.
    reply.catch(() => undefined);
    try {
      await this.messaging.publisher.publish('MemorySearchRequested', {
        envelope: newEnvelope({ producer: this.messaging.options.producer, goalId }),
        requestId,
        ...body,
      });
    } catch (error) {
      const pending = this.pending.get(requestId);
      if (pending) clearTimeout(pending.timer);
      this.pending.delete(requestId);
      throw error;
    }
    return reply;
  }

  private onReply(reply: MemorySearchCompleted): void {
    const pending = this.pending.get(reply.requestId);
    if (!pending) return; // another process's request, or one that timed out
    this.pending.delete(reply.requestId);
    clearTimeout(pending.timer);
    if (reply.error !== null) pending.reject(new MemorySearchError(reply.requestId, reply.error));
    else pending.resolve(reply.hits);
  }
}
