import { randomUUID } from 'node:crypto';
import {
  CONSOLE_EVENT_TYPES,
  ConsoleReadModel,
  type Applied,
  type ConsoleEventType,
} from '@agora/console/domain';
import type { EventMap } from '@agora/contracts';
import {
  MessagingClient,
  traceIdOfHeaders,
  type BatchContext,
  type EventConsumer,
} from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CONSOLE_SETTINGS, type ConsoleSettings } from './console-settings';

/** How often start-up checks whether the topics have been read to where they ended then. */
const CATCH_UP_POLL_MS = 500;

/** The consumer group of one console process run: `<prefix>agora.console.<run>`. */
export function consoleGroup(serviceGroup: string, run: string = randomUUID().slice(0, 8)): string {
  return `${serviceGroup}.${run}`;
}

/**
 * The read model, fed from Kafka. Each process run reads every topic it shows from the start, in
 * a consumer group of its own that commits nothing: a console that restarts, or one more replica,
 * rebuilds the whole view from the topics, and no run can skip what another committed. Replicas
 * are independent and each serves everything; what the view holds is bounded by the read model.
 */
@Injectable()
export class ConsoleViewService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly model: ConsoleReadModel;
  private readonly listeners = new Set<(applied: Applied) => void>();
  private consumer: EventConsumer | undefined;
  private stopped = false;
  /** Set once the topics have been read up to where they ended at start-up. */
  loadedAt: number | undefined;

  constructor(
    private readonly messaging: MessagingClient,
    @Inject(CONSOLE_SETTINGS) settings: ConsoleSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.model = new ConsoleReadModel({ maxGoals: settings.maxGoals });
  }

  /** The consumer group this run reads in; set once it has started. */
  get groupId(): string | undefined {
    return this.consumer?.groupId;
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumer = this.messaging.consumer(
      consoleGroup(this.messaging.options.consumer.groupId),
      { fromBeginning: true, commit: false },
    );
    for (const type of CONSOLE_EVENT_TYPES) this.subscribe(consumer, type);
    this.consumer = consumer;
    await consumer.start();
    void this.catchUp(consumer, Date.now());
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.listeners.clear();
  }

  /** Hears every change of the view; returns the function that stops it. */
  onChange(listener: (applied: Applied) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private subscribe<T extends ConsoleEventType>(consumer: EventConsumer, type: T): void {
    consumer.onBatch(type, (events, context) => this.fold(type, events, context));
  }

  /** Folds a batch in; never throws, so nothing is dead-lettered for the view's sake. */
  private fold<T extends ConsoleEventType>(
    type: T,
    events: EventMap[T][],
    context: BatchContext<T>,
  ): void {
    events.forEach((event, i) => {
      const headers = context.items[i]?.headers ?? {};
      const applied = this.model.apply(type, event, {
        traceId: type === 'GoalSubmitted' ? traceIdOfHeaders(headers) : null,
      });
      if (applied.ignored) return;
      for (const listener of this.listeners) listener(applied);
    });
  }

  /** Logs once every topic has been read through the moment the consumer started. */
  private async catchUp(consumer: EventConsumer, since: number): Promise<void> {
    while (!this.stopped) {
      try {
        const marks = await Promise.all(CONSOLE_EVENT_TYPES.map((t) => consumer.readThrough(t)));
        if (marks.every((m) => [...m.values()].every((t) => t >= since))) {
          this.loadedAt = Date.now();
          this.logger.info(
            {
              group: consumer.groupId,
              goals: this.model.goalCount,
              agents: this.model.agentRows().length,
              ms: this.loadedAt - since,
            },
            'console view loaded from the topics',
          );
          return;
        }
      } catch (err) {
        this.logger.debug({ err }, 'cannot tell yet how far the topics have been read');
      }
      await new Promise((r) => setTimeout(r, CATCH_UP_POLL_MS).unref());
    }
  }
}
