import { randomUUID } from 'node:crypto';
import {
  newEnvelope,
  type Envelope,
  type MemoryHit,
  type MemorySearchCompleted,
  type Visibility,
} from '@agora/contracts';
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
  /** Items wanted whole by id instead of a search (see also {@link MemorySearchClient.getItems}). @default [] */
  itemIds?: string[];
  /**
   * The most the requester may quote (public < internal < restricted): memory neither finds
   * nor returns by id anything above it. @default memory's, internal
   */
  maxVisibility?: Visibility;
  /** Hits scoring below this (0..1) are left out. @default memory's MEMORY_MIN_SCORE */
  minScore?: number;
  /** Who asks (an agent id or a service name); memory echoes it in the reply. */
  requester: string;
}

/** How one request is sent and waited for. */
export interface MemoryRequestOptions {
  /** How long the request waits for its reply. @default the client's defaultTimeoutMs */
  timeoutMs?: number;
  /** Stops waiting (with {@link MemoryAbortedError}) when aborted, e.g. when a task is cancelled. */
  signal?: AbortSignal;
  /** The goal the request serves, in its envelope. @default the search's scopeGoalId, else null */
  goalId?: string | null;
  /** The event the request serves, for the causation chain. @default none */
  causation?: { envelope: Envelope };
  /** Who the envelope names as producer (an executor names the agent). @default the messaging client's producer */
  producer?: { service: string; version: string };
}

/** Options of {@link MemorySearchClient}. */
export interface MemorySearchClientOptions {
  /**
   * Prefix of the reply consumer's group, which is `${groupPrefix}memory-client-<uuid>`: one
   * group per process, so every process sees every reply and keeps its own.
   * @default ''
   */
  groupPrefix?: string;
  /**
   * The reply consumer's group, whole, when the process names its groups itself (an executor's
   * groups carry its run); wins over groupPrefix. It must be this process's alone.
   * @default `${groupPrefix}memory-client-<uuid>`
   */
  groupId?: string;
  /** How long a request waits for its reply unless the call says otherwise. @default 10000 */
  defaultTimeoutMs?: number;
}

/** Memory did not answer in time; the request may still be answered later, and is then ignored. */
export class MemoryTimeoutError extends Error {
  constructor(
    readonly requestId: string,
    readonly timeoutMs: number,
  ) {
    super(`memory did not answer request ${requestId} within ${timeoutMs} ms`);
    this.name = 'MemoryTimeoutError';
  }
}

/** Memory answered with an error. */
export class MemorySearchError extends Error {
  constructor(
    readonly requestId: string,
    readonly reason: string,
  ) {
    super(`memory could not answer request ${requestId}: ${reason}`);
    this.name = 'MemorySearchError';
  }
}

/** The caller's signal was aborted before memory answered. */
export class MemoryAbortedError extends Error {
  constructor(readonly requestId: string) {
    super(`memory request ${requestId} aborted`);
    this.name = 'MemoryAbortedError';
  }
}

/** The client gave up on every waiting request (see {@link MemorySearchClient.rejectAll}). */
export class MemoryClosedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MemoryClosedError';
  }
}

interface Pending {
  resolve: (hits: MemoryHit[]) => void;
  reject: (error: Error) => void;
}

/**
 * Asks memory over Kafka: publishes MemorySearchRequested and waits for the MemorySearchCompleted
 * with the same requestId. Replies are read by a consumer group of this process alone, started
 * at the end of the topic on first use (replies to other processes, or from before it started,
 * are of no use to it); it stops with the messaging client.
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
    this.groupId = options.groupId ?? `${options.groupPrefix ?? ''}memory-client-${randomUUID()}`;
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

  /** The best hits for a query (or the items asked for by id). */
  search(search: MemorySearch, options: MemoryRequestOptions = {}): Promise<MemoryHit[]> {
    return this.request(
      {
        requester: search.requester,
        query: search.query,
        k: search.k ?? 5,
        scopeGoalId: search.scopeGoalId ?? null,
        kinds: search.kinds ?? [],
        itemIds: search.itemIds ?? [],
        maxVisibility: search.maxVisibility ?? null,
        minScore: search.minScore ?? null,
      },
      { goalId: search.scopeGoalId ?? null, ...options },
    );
  }

  /**
   * Items by id, whole (score 1); ids memory does not have, or has above `maxVisibility`, are
   * missing from the result.
   */
  getItems(
    ids: readonly string[],
    options: MemoryRequestOptions & { requester: string; maxVisibility?: Visibility },
  ): Promise<MemoryHit[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const { requester, maxVisibility, ...rest } = options;
    return this.search(
      {
        requester,
        query: '',
        k: ids.length,
        itemIds: [...ids],
        ...(maxVisibility ? { maxVisibility } : {}),
      },
      rest,
    );
  }

  /** Fails every request still waiting, e.g. at shutdown, with {@link MemoryClosedError}. */
  rejectAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, new MemoryClosedError(reason));
  }

  private async request(
    body: {
      requester: string;
      query: string;
      k: number;
      scopeGoalId: string | null;
      kinds: string[];
      itemIds: string[];
      maxVisibility: Visibility | null;
      minScore: number | null;
    },
    options: MemoryRequestOptions,
  ): Promise<MemoryHit[]> {
    await this.start();
    const requestId = randomUUID();
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const reply = new Promise<MemoryHit[]>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
    });
    // An abort or a timeout while the request is still being published is reported through the
    // awaited promise below, not as an unhandled rejection.
    reply.catch(() => undefined);
    const onAbort = () => this.settle(requestId, new MemoryAbortedError(requestId));
    const timer = setTimeout(
      () => this.settle(requestId, new MemoryTimeoutError(requestId, timeoutMs)),
      timeoutMs,
    );
    try {
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      await this.messaging.publisher.publish('MemorySearchRequested', {
        envelope: newEnvelope({
          producer: options.producer ?? this.messaging.options.producer,
          goalId: options.goalId ?? null,
          causation: options.causation,
        }),
        requestId,
        ...body,
      });
      return await reply;
    } finally {
      this.pending.delete(requestId);
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private onReply(reply: MemorySearchCompleted): void {
    const pending = this.pending.get(reply.requestId);
    if (!pending) return; // another process's request, or one that timed out
    this.pending.delete(reply.requestId);
    if (reply.error !== null) pending.reject(new MemorySearchError(reply.requestId, reply.error));
    else pending.resolve(reply.hits);
  }

  private settle(requestId: string, error: Error): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    pending.reject(error);
  }
}
