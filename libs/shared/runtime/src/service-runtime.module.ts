import { DatabaseModule, type DatabaseOptions } from '@agora/database';
import { MessagingModule, messagingOptionsFromEnv } from '@agora/messaging';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OutageFilter } from './outage.filter';
import type { ServiceContext } from './service-context';
import { LOGGER, SERVICE_CONFIG } from './tokens';

export interface ServiceRuntimeOptions {
  context: ServiceContext;
  /** The service's TypeORM entities and migrations. */
  database?: Pick<DatabaseOptions, 'entities' | 'migrations'>;
}

/**
 * What every service has: validated config and logger as providers, Kafka, PostgreSQL, and the
 * /health and /metrics endpoints. A service's app module imports this plus its feature module.
 */
@Module({})
export class ServiceRuntimeModule {
  static forRoot({ context, database }: ServiceRuntimeOptions): DynamicModule {
    const { env, logger, service, version } = context;
    // Read now, not in the provider: a signing key or keys file that cannot be used stops the
    // service before anything connects, with the ConfigError naming the key.
    const messaging = messagingOptionsFromEnv(env, { service, version });
    return {
      module: ServiceRuntimeModule,
      global: true,
      imports: [
        MessagingModule.forRootAsync({
          useFactory: () => ({ ...messaging, logger }),
        }),
        DatabaseModule.forRoot({
          url: env.DATABASE_URL,
          applicationName: `agora-${service}`,
          schema: env.DATABASE_SCHEMA ?? service,
          poolSize: env.DATABASE_POOL_SIZE,
          ...database,
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: env },
        { provide: LOGGER, useValue: logger },
        { provide: APP_FILTER, useClass: OutageFilter },
      ],
      exports: [SERVICE_CONFIG, LOGGER],
    };
  }
}
