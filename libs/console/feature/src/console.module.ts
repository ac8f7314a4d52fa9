import { SERVICE_CONFIG } from '@agora/runtime';
import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ConsoleApiController } from './console-api.controller';
import { CONSOLE_SETTINGS, consoleSettingsFromEnv, type ConsoleEnv } from './console-settings';
import { ConsoleStreamController } from './console-stream.controller';
import { ConsoleStreamService } from './console-stream.service';
import { ConsoleViewService } from './console-view.service';
import { ConsoleWebMiddleware } from './console-web.middleware';
import { ConsumerLagService } from './consumer-lag.service';
import { ConsoleOpenApiController } from './openapi.controller';
import { PlannerClient } from './planner-client';
import { PlannerProxyController } from './planner-proxy.controller';

/**
 * The web console's back end as a Nest module: the read model fed from Kafka, its REST API and
 * live stream under /api, the planner's API passed on, and the built app at `/`. Needs the
 * service runtime (messaging, SERVICE_CONFIG with the {@link ConsoleEnv} keys, LOGGER).
 */
@Module({
  controllers: [
    ConsoleApiController,
    ConsoleStreamController,
    PlannerProxyController,
    ConsoleOpenApiController,
  ],
  providers: [
    {
      provide: CONSOLE_SETTINGS,
      inject: [SERVICE_CONFIG],
      useFactory: (env: ConsoleEnv) => consoleSettingsFromEnv(env),
    },
    ConsoleViewService,
    ConsumerLagService,
    ConsoleStreamService,
    PlannerClient,
  ],
  exports: [ConsoleViewService, ConsoleStreamService],
})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ConsoleWebMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }
}
