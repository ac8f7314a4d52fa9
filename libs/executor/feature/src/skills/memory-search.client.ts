import { randomUUID } from 'node:crypto';
import type { Envelope, MemoryHit, MemorySearchCompleted } from '@agora/contracts';
import { newEnvelope } from '@agora/contracts';
import type { MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { SkillError } from './skill-error';

/** A search to send to memory. */
export interface MemorySearch {
  /** The agent asking; memory echoes it so other processes skip the answer. */
  requester: string;
  goalId: string | null;
  /** The event the search serves (the award), for the causation chain. */
  causation?: { envelope: Envelope };
  query: string;
  /** @default 5 */
  k?: number;
  /** @default null (everything) */
  scopeGoalId?: string | null;
  /** Items wanted in full by id. @default [] */
  itemIds?: string[];
  /** Only items of these kinds. @default [] (every kind) */
  kinds?: string[];
}

interface Pending {
  resolve: (hits: MemoryHit[]) => void;
  reject: (error: Error) => void;
}

/**
 * Request/reply with the memory service over Kafka: publishes MemorySearchRequested with a fresh
 * requestId and waits for the MemorySearchCompleted that carries it. Replies are read by a
 * consumer group of this process alone that starts at the end of the topic (replies to other
 * processes, or from before this process started, are of no use to it).
 */
export class MemorySearchClient {
  private readonly pending = new Map<string, Pending>();
  private started: Promise<void> | undefined;

  constructor(
    private readonly messaging: MessagingClient,
    private readonly groupId: string,
    private readonly logger: Logger,
    private readonly defaultTimeoutMs = 10_000,
  ) {}

  /** Joins the reply group; searches wait for it, so calling it early only saves time. */
  start(): Promise<void> {
    this.started ??= this.messaging
      .consumer(this.groupId, { fromBeginning: false, commit: false })
      .on('MemorySearchCompleted', (reply) => this.onReply(reply))
      .start();
    return this.started;
  }

  async search(
    request: MemorySearch,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<MemoryHit[]> {
    await this.start();
    const requestId = randomUUID();
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const answer = new Promise<MemoryHit[]>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
    });
    // An abort or a timeout while the request is still being published is reported through the
    // awaited promise below, not as an unhandled rejection.
    answer.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => this.settle(requestId, new SkillError('memory search aborted', false));
    try {
      options.signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(
        () =>
          this.settle(
            requestId,
            new SkillError(
              `memory search '${truncate(request.query)}' got no answer within ${timeoutMs} ms (is the memory service running?)`,
              true,
            ),
          ),
        timeoutMs,
      );
      await this.messaging.publisher.publish('MemorySearchRequested', {
        envelope: newEnvelope({
          producer: {
            service: request.requester,
            version: this.messaging.options.producer.version,
          },
          goalId: request.goalId,
          causation: request.causation,
        }),
        requestId,
        requester: request.requester,
        query: request.query,
        k: request.k ?? 5,
        scopeGoalId: request.scopeGoalId ?? null,
        kinds: request.kinds ?? [],
        itemIds: request.itemIds ?? [],
      });
      return await answer;
    } catch (error) {
      this.pending.delete(requestId);
      throw error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Fails every search still waiting, e.g. at shutdown. */
  rejectAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, new SkillError(reason, true));
  }

  private onReply(reply: MemorySearchCompleted): void {
    const pending = this.pending.get(reply.requestId);
    if (!pending) return;
    this.pending.delete(reply.requestId);
    if (reply.error) {
      pending.reject(new SkillError(`memory search failed: ${reply.error}`, true));
    } else {
      this.logger.debug({ requestId: reply.requestId, hits: reply.hits.length }, 'memory answered');
      pending.resolve(reply.hits);
    }
  }

  private settle(requestId: string, error: Error): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    pending.reject(error);
  }
}

function truncate(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
