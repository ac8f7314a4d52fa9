import { EventPublisher } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Outbox, type OutboxOptions } from './outbox';

export interface OutboxModuleOptions {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => OutboxOptions & { logger: Logger };
}

/** Provides the service's {@link Outbox} on its database and publisher. */
@Module({})
export class OutboxModule {
  static forFeature(options: OutboxModuleOptions): DynamicModule {
    const OPTIONS = Symbol('OUTBOX_OPTIONS');
    return {
      module: OutboxModule,
      providers: [
        { provide: OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: Outbox,
          inject: [getDataSourceToken(), EventPublisher, OPTIONS],
          useFactory: (
            dataSource: DataSource,
            publisher: EventPublisher,
            { logger, ...rest }: OutboxOptions & { logger: Logger },
          ) => new Outbox(dataSource, publisher, logger, rest),
        },
      ],
      exports: [Outbox],
    };
  }
}
