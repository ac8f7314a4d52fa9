import { randomUUID } from 'node:crypto';
import type { EventMap } from '@agora/contracts';
import { MessagingClient, type EventConsumer } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

/** The task events a goal's stream shows, as they happen. */
export const streamedTaskEvents = [
  'TaskWaiting',
  'TaskAwarded',
  'TaskProgress',
  'TaskCompleted',
  'TaskFailed',
  'TaskEvaluated',
] as const;
export type StreamedTaskEvent = (typeof streamedTaskEvents)[number];

/** What a goal's watcher receives: a task event, or a piece of a model's text. */
export type GoalStreamItem =
  | { kind: 'task'; type: StreamedTaskEvent; event: EventMap[StreamedTaskEvent] }
  | { kind: 'token'; event: EventMap['TaskOutputDelta'] };

type Watcher = (item: GoalStreamItem) => void;

/**
 * Task events and streamed model text of every goal, for GET /goals/:id/stream. The service's
 * own group shares the task topics' partitions among the planner's replicas, while a watcher on
 * any replica needs all of its goal's events; so each replica also reads them in a group of its
 * own (`<group>.stream.<id>`), from the end, committing nothing, and hands each event to the
 * watchers of its goal. Started with the planner, so a stream opened soon after a goal was
 * submitted misses nothing; events of goals nobody watches are dropped at once.
 */
@Injectable()
export class GoalStreamService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private consumer: EventConsumer | undefined;
  private started: Promise<void> | undefined;

  constructor(
    private readonly messaging: MessagingClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the planner serves its API while the group joins.
    void this.ready().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.watchers.clear();
    await this.consumer?.stop();
  }

  /** Resolves once the stream's group reads from the end of every topic (see EventConsumer.start). */
  ready(): Promise<void> {
    this.started ??= this.start().catch((error: unknown) => {
      this.started = undefined;
      this.logger.warn({ err: error }, 'goal stream consumer did not start');
      throw error;
    });
    return this.started;
  }

  /** Streams of a goal open now (for tests and metrics). */
  watching(goalId: string): number {
    return this.watchers.get(goalId)?.size ?? 0;
  }

  /** Adds a watcher of one goal; returns what removes it. */
  watch(goalId: string, watcher: Watcher): () => void {
    const set = this.watchers.get(goalId) ?? new Set<Watcher>();
    set.add(watcher);
    this.watchers.set(goalId, set);
    return () => {
      set.delete(watcher);
      if (set.size === 0 && this.watchers.get(goalId) === set) this.watchers.delete(goalId);
    };
  }

  /**
   * Waits (at most `timeoutMs`) until the stream's group has read every topic through `since`,
   * so a stream that ends with its goal has passed on the goal's last events first.
   */
  async caughtUp(since: number, timeoutMs = 2_000): Promise<boolean> {
    const consumer = this.consumer;
    if (!consumer) return false;
    return consumer.caughtUp([...streamedTaskEvents, 'TaskOutputDelta'], since, { timeoutMs });
  }

  private async start(): Promise<void> {
    const group = `${this.messaging.options.consumer.groupId}.stream.${randomUUID().slice(0, 8)}`;
    const consumer = this.messaging.consumer(group, { fromBeginning: false, commit: false });
    for (const type of streamedTaskEvents) {
      consumer.onBatch(type, (events: EventMap[StreamedTaskEvent][]) => {
        for (const event of events)
          this.deliver(event.envelope.goalId, { kind: 'task', type, event });
      });
    }
    consumer.onBatch('TaskOutputDelta', (events) => {
      for (const event of events) this.deliver(event.envelope.goalId, { kind: 'token', event });
    });
    this.consumer = consumer;
    await consumer.start();
  }

  private deliver(goalId: string | null, item: GoalStreamItem): void {
    if (goalId === null) return;
    for (const watcher of this.watchers.get(goalId) ?? []) {
      try {
        watcher(item);
      } catch (error) {
        this.logger.warn({ err: error, goalId }, 'a goal stream watcher failed');
      }
    }
  }
}
