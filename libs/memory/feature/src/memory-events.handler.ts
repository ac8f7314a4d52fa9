import {
  DEFAULT_VISIBILITY,
  newEnvelope,
  type GoalCompleted,
  type GoalSubmitted,
  type MemoryHit,
  type MemorySearchCompleted,
  type MemorySearchRequested,
  type TaskCompleted,
  type TaskEvaluated,
} from '@agora/contracts';
import {
  checkMinScore,
  goalContent,
  goalResultOf,
  InvalidInputError,
  itemIds,
  renderEvaluation,
  renderTaskOutput,
  visibilityParam,
  withGoalResult,
} from '@agora/memory/domain';
import { MessagingClient, OnEventBatch } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MemoryService } from './memory.service';

const TITLE_CHARS = 120;

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1)}…`;
}

/**
 * Keeps what the swarm produces (goals, task results, verdicts, goal outcomes), a batch at a time:
 * one embedding call, one upsert and one publish per batch. Each item id derives from the event's
 * ids, so a redelivered event rewrites the same item. Searches are answered by
 * {@link MemorySearchResponder} in a group of their own, so they never queue behind recording.
 */
@Injectable()
export class MemoryEventsHandler {
  constructor(private readonly memory: MemoryService) {}

  @OnEventBatch('GoalSubmitted')
  async onGoalsSubmitted(events: GoalSubmitted[]): Promise<void> {
    const ids = events.map((e) => itemIds.goal(e.envelope.goalId ?? ''));
    // The outcome may have been stored first (the goal topics are read independently).
    const existing = new Map((await this.memory.getItems(ids)).map((i) => [i.id, i]));
    await this.memory.recordAll(
      events.map((event, n) => {
        const id = ids[n] ?? '';
        const result = goalResultOf(existing.get(id)?.content ?? '');
        const content = goalContent(event.goal, event.inputs);
        return {
          item: {
            id,
            kind: 'goal' as const,
            goalId: event.envelope.goalId ?? '',
            taskId: null,
            title: shorten(event.goal),
            source: null,
            content: result !== undefined ? withGoalResult(content, result) : content,
            tags: event.workflow ? [event.workflow] : [],
          },
          cause: event,
        };
      }),
    );
  }

  @OnEventBatch('TaskCompleted')
  async onTasksCompleted(events: TaskCompleted[]): Promise<void> {
    await this.memory.recordAll(
      events.map((event) => ({
        item: {
          id: itemIds.taskResult(event.taskId, event.attempt),
          kind: 'task_result' as const,
          goalId: event.envelope.goalId,
          taskId: event.taskId,
          title: `${event.capability} result of task ${event.taskId} (attempt ${event.attempt})`,
          source: null,
          content: renderTaskOutput(event.output),
          tags: [event.capability, `agent:${event.agentId}`],
        },
        cause: event,
      })),
    );
  }

  @OnEventBatch('TaskEvaluated')
  async onTasksEvaluated(events: TaskEvaluated[]): Promise<void> {
    await this.memory.recordAll(
      events.map((event) => ({
        item: {
          id: itemIds.evaluation(event.taskId, event.attempt),
          kind: 'evaluation' as const,
          goalId: event.envelope.goalId,
          taskId: event.taskId,
          title: `${event.verdict} ${event.capability} task ${event.taskId} (attempt ${event.attempt})`,
          source: null,
          content: renderEvaluation(event),
          tags: [event.capability, event.verdict, `agent:${event.agentId}`],
        },
        cause: event,
      })),
    );
  }

  @OnEventBatch('GoalCompleted')
  async onGoalsCompleted(events: GoalCompleted[]): Promise<void> {
    const ids = events.map((e) => itemIds.goal(e.envelope.goalId ?? ''));
    const existing = new Map((await this.memory.getItems(ids)).map((i) => [i.id, i]));
    await this.memory.recordAll(
      events.map((event, n) => {
        const id = ids[n] ?? '';
        const before = existing.get(id);
        return {
          item: {
            id,
            kind: 'goal' as const,
            goalId: event.envelope.goalId ?? '',
            taskId: null,
            title: before?.title ?? `Goal ${event.envelope.goalId ?? ''}`,
            source: null,
            content: withGoalResult(
              before?.content ?? '',
              renderTaskOutput(event.output),
            ).trimStart(),
            tags: before?.tags ?? [],
          },
          cause: event,
        };
      }),
    );
  }
}

/**
 * Answers MemorySearchRequested on MemorySearchCompleted with the same requestId and requester,
 * in a consumer group of its own: agents wait on these answers, so a backlog of events to record
 * must never delay them. A batch of requests is answered concurrently, in one publish. A search
 * that cannot be answered still gets a reply, with `error` set, so the requester never waits in
 * vain for an answer that will not come.
 */
@Injectable()
export class MemorySearchResponder implements OnApplicationBootstrap {
  constructor(
    private readonly memory: MemoryService,
    private readonly messaging: MessagingClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.messaging
      .consumer(`${this.messaging.options.consumer.groupId}.search`)
      .onBatch('MemorySearchRequested', (requests) => this.answerAll(requests))
      .start();
  }

  async answerAll(requests: readonly MemorySearchRequested[]): Promise<void> {
    const replies = await Promise.all(requests.map((r) => this.reply(r)));
    await this.messaging.publisher.publishMany(
      replies.map((event) => ({ type: 'MemorySearchCompleted' as const, event })),
    );
  }

  private async reply(event: MemorySearchRequested): Promise<MemorySearchCompleted> {
    let hits: MemoryHit[] = [];
    let error: string | null = null;
    try {
      hits = await this.answer(event);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.logger.warn(
        {
          requestId: event.requestId,
          requester: event.requester,
          goalId: event.envelope.goalId,
          err,
        },
        'memory search failed',
      );
    }
    return {
      envelope: newEnvelope({ producer: this.messaging.options.producer, causation: event }),
      requestId: event.requestId,
      requester: event.requester,
      hits,
      error,
    };
  }

  /**
   * A search, or items by id, never above the request's maxVisibility (internal when it names
   * none): what a requester may not quote it does not get, whichever way it asks.
   */
  private async answer(event: MemorySearchRequested): Promise<MemoryHit[]> {
    const maxVisibility =
      visibilityParam(event.maxVisibility, 'maxVisibility') ?? DEFAULT_VISIBILITY;
    if (event.itemIds.length > 0) {
      const items = await this.memory.getItems(event.itemIds, maxVisibility);
      return items.map((i) => ({
        itemId: i.id,
        kind: i.kind,
        title: i.title,
        source: i.source,
        content: i.content,
        score: 1,
        visibility: i.visibility,
      }));
    }
    const query = event.query.trim();
    if (!query) throw new InvalidInputError('query', 'required when no itemIds are given');
    return this.memory.search(
      {
        query,
        k: event.k,
        scopeGoalId: event.scopeGoalId,
        kinds: event.kinds,
        maxVisibility,
        ...(event.minScore !== null ? { minScore: checkMinScore(event.minScore) } : {}),
      },
      'kafka',
    );
  }
}
