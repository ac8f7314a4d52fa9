import {
  newEnvelope,
  type GoalCompleted,
  type GoalSubmitted,
  type MemoryHit,
  type MemorySearchRequested,
  type TaskCompleted,
  type TaskEvaluated,
} from '@agora/contracts';
import {
  goalContent,
  goalResultOf,
  InvalidInputError,
  itemIds,
  renderEvaluation,
  renderTaskOutput,
  withGoalResult,
} from '@agora/memory/domain';
import { MessagingClient, OnEvent } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import type { MemoryConfig } from './memory-config';
import { MemoryService } from './memory.service';

const TITLE_CHARS = 120;

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1)}…`;
}

/**
 * Keeps what the swarm produces (goals, task results, verdicts, goal outcomes) and answers
 * search requests on Kafka. Each item id derives from the event's ids, so a redelivered event
 * rewrites the same item.
 */
@Injectable()
export class MemoryEventsHandler {
  constructor(
    private readonly memory: MemoryService,
    private readonly messaging: MessagingClient,
    @Inject(SERVICE_CONFIG) private readonly config: MemoryConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnEvent('GoalSubmitted')
  async onGoalSubmitted(event: GoalSubmitted): Promise<void> {
    const goalId = event.envelope.goalId ?? '';
    const id = itemIds.goal(goalId);
    let content = goalContent(event.goal, event.inputs);
    // The outcome may have been stored first (the goal topics are read independently).
    const existing = await this.memory.getItem(id);
    const result = existing ? goalResultOf(existing.content) : undefined;
    if (result !== undefined) content = withGoalResult(content, result);
    await this.memory.record(
      [
        {
          id,
          kind: 'goal',
          goalId,
          taskId: null,
          title: shorten(event.goal),
          source: null,
          content,
          tags: event.workflow ? [event.workflow] : [],
        },
      ],
      event,
    );
  }

  @OnEvent('TaskCompleted')
  async onTaskCompleted(event: TaskCompleted): Promise<void> {
    await this.memory.record(
      [
        {
          id: itemIds.taskResult(event.taskId, event.attempt),
          kind: 'task_result',
          goalId: event.envelope.goalId,
          taskId: event.taskId,
          title: `${event.capability} result of task ${event.taskId} (attempt ${event.attempt})`,
          source: null,
          content: renderTaskOutput(event.output),
          tags: [event.capability, `agent:${event.agentId}`],
        },
      ],
      event,
    );
  }

  @OnEvent('TaskEvaluated')
  async onTaskEvaluated(event: TaskEvaluated): Promise<void> {
    await this.memory.record(
      [
        {
          id: itemIds.evaluation(event.taskId, event.attempt),
          kind: 'evaluation',
          goalId: event.envelope.goalId,
          taskId: event.taskId,
          title: `${event.verdict} ${event.capability} task ${event.taskId} (attempt ${event.attempt})`,
          source: null,
          content: renderEvaluation(event),
          tags: [event.capability, event.verdict, `agent:${event.agentId}`],
        },
      ],
      event,
    );
  }

  @OnEvent('GoalCompleted')
  async onGoalCompleted(event: GoalCompleted): Promise<void> {
    const goalId = event.envelope.goalId ?? '';
    const id = itemIds.goal(goalId);
    const existing = await this.memory.getItem(id);
    await this.memory.record(
      [
        {
          id,
          kind: 'goal',
          goalId,
          taskId: null,
          title: existing?.title ?? `Goal ${goalId}`,
          source: null,
          content: withGoalResult(
            existing?.content ?? '',
            renderTaskOutput(event.output),
          ).trimStart(),
          tags: existing?.tags ?? [],
        },
      ],
      event,
    );
  }

  /**
   * Answers on MemorySearchCompleted with the same requestId and requester. A search that
   * cannot be answered still gets a reply, with `error` set, so the requester never waits in
   * vain for an answer that will not come.
   */
  @OnEvent('MemorySearchRequested')
  async onSearchRequested(event: MemorySearchRequested): Promise<void> {
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
    await this.messaging.publisher.publish('MemorySearchCompleted', {
      envelope: newEnvelope({ producer: this.messaging.options.producer, causation: event }),
      requestId: event.requestId,
      requester: event.requester,
      hits,
      error,
    });
  }

  private async answer(event: MemorySearchRequested): Promise<MemoryHit[]> {
    if (event.itemIds.length > 0) {
      const items = await this.memory.getItems(event.itemIds);
      return items.map((i) => ({
        itemId: i.id,
        kind: i.kind,
        title: i.title,
        source: i.source,
        content: i.content,
        score: 1,
      }));
    }
    const query = event.query.trim();
    if (!query) throw new InvalidInputError('query', 'required when no itemIds are given');
    return this.memory.search(
      { query, k: event.k, scopeGoalId: event.scopeGoalId, kinds: event.kinds },
      'kafka',
    );
  }
}
