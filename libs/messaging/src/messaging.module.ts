import type { EventType } from '@agora/contracts';
import type { Logger } from '@agora/observability';
import {
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { BatchHandler, EventHandler } from './consumer/event-handler';
import { ON_EVENT_BATCH_METADATA, ON_EVENT_METADATA } from './consumer/on-event.decorator';
import { MessagingClient } from './messaging-client';
import type { MessagingOptions } from './messaging-options';
import { EventPublisher } from './publisher/event-publisher';

export interface MessagingModuleOptions extends MessagingOptions {
  logger: Logger;
}

export interface MessagingModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Finds @OnEvent methods, subscribes them, and shuts messaging down before the app closes. */
@Injectable()
class EventHandlerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly client: MessagingClient,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const handlers: [EventType, EventHandler][] = [];
    const batchHandlers: [EventType, BatchHandler][] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[name];
        if (typeof method !== 'function') continue;
        const type = Reflect.getMetadata(ON_EVENT_METADATA, method) as EventType | undefined;
        if (type) handlers.push([type, method.bind(instance) as EventHandler]);
        const batchType = Reflect.getMetadata(ON_EVENT_BATCH_METADATA, method) as
          EventType | undefined;
        if (batchType) batchHandlers.push([batchType, method.bind(instance) as BatchHandler]);
      }
    }
    if (handlers.length + batchHandlers.length === 0) return;
    const consumer = this.client.serviceConsumer();
    for (const [type, handler] of handlers) consumer.on(type, handler);
    for (const [type, handler] of batchHandlers) consumer.onBatch(type, handler);
    // Not awaited: joining the group can take a session timeout after a crash (the dead member
    // must expire first), and the service's HTTP API need not wait for it. Readiness says 503
    // until the consumer runs; start() retries by itself and never rejects.
    void consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Kafka for a Nest app: provides {@link MessagingClient} and {@link EventPublisher}, and runs the
 * service's @OnEvent handlers in one consumer group.
 */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
        {
          provide: MessagingClient,
          inject: [MESSAGING_OPTIONS],
          useFactory: async ({ logger, ...opts }: MessagingModuleOptions) => {
            const client = new MessagingClient(opts, logger);
            await client.connect();
            return client;
          },
        },
        {
          provide: EventPublisher,
          inject: [MessagingClient],
          useFactory: (client: MessagingClient) => client.publisher,
        },
        EventHandlerHost,
      ],
      exports: [MessagingClient, EventPublisher],
    };
  }
}
