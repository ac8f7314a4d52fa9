import type { Envelope, MemoryHit, Visibility } from '@agora/contracts';
import {
  MemoryAbortedError,
  MemoryClosedError,
  MemorySearchError,
  MemoryTimeoutError,
  MemorySearchClient as SharedMemorySearchClient,
} from '@agora/memory-client';
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
  /** The most the task may quote; memory returns nothing above it. @default memory's, internal */
  maxVisibility?: Visibility;
  /** Hits scoring below this (0..1) are left out. @default memory's MEMORY_MIN_SCORE */
  minScore?: number;
}

/**
 * Memory as the executor's skills use it: the shared request/reply client (@agora/memory-client)
 * on a reply group of this process's run, with every failure turned into a SkillError that says
 * whether another attempt may help. Envelopes name the asking agent as their producer, as every
 * event an agent sends does.
 */
export class MemorySearchClient {
  private readonly memory: SharedMemorySearchClient;

  constructor(
    private readonly messaging: MessagingClient,
    groupId: string,
    private readonly logger: Logger,
    defaultTimeoutMs = 10_000,
  ) {
    this.memory = new SharedMemorySearchClient(messaging, { groupId, defaultTimeoutMs });
  }

  /** Joins the reply group; searches wait for it, so calling it early only saves time. */
  start(): Promise<void> {
    return this.memory.start();
  }

  async search(
    request: MemorySearch,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<MemoryHit[]> {
    try {
      const hits = await this.memory.search(
        {
          requester: request.requester,
          query: request.query,
          k: request.k ?? 5,
          scopeGoalId: request.scopeGoalId ?? null,
          kinds: request.kinds ?? [],
          itemIds: request.itemIds ?? [],
          ...(request.maxVisibility ? { maxVisibility: request.maxVisibility } : {}),
          ...(request.minScore !== undefined ? { minScore: request.minScore } : {}),
        },
        {
          ...options,
          goalId: request.goalId,
          ...(request.causation ? { causation: request.causation } : {}),
          producer: {
            service: request.requester,
            version: this.messaging.options.producer.version,
          },
        },
      );
      this.logger.debug({ requester: request.requester, hits: hits.length }, 'memory answered');
      return hits;
    } catch (error) {
      throw skillErrorOf(error, request.query);
    }
  }

  /** Fails every search still waiting, e.g. at shutdown. */
  rejectAll(reason: string): void {
    this.memory.rejectAll(reason);
  }
}

/** Memory's failures as the task runner judges them: only an aborted task is not worth a retry. */
function skillErrorOf(error: unknown, query: string): unknown {
  if (error instanceof MemoryTimeoutError) {
    return new SkillError(
      `memory search '${truncate(query)}' got no answer within ${error.timeoutMs} ms (is the memory service running?)`,
      true,
      { cause: error },
    );
  }
  if (error instanceof MemorySearchError) {
    return new SkillError(`memory search failed: ${error.reason}`, true, { cause: error });
  }
  if (error instanceof MemoryAbortedError) {
    return new SkillError('memory search aborted', false, { cause: error });
  }
  if (error instanceof MemoryClosedError)
    return new SkillError(error.message, true, { cause: error });
  return error;
}

function truncate(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
