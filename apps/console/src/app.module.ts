import { ConsoleModule } from '@agora/console/feature';
import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import type { ConsoleEnv } from './config';

/**
 * The console: the web app and its API, a view of the swarm built from the topics. It keeps no
 * table; it connects to PostgreSQL only as every service's runtime does.
 */
@Module({})
export class AppModule {
  static register(context: ServiceContext<ConsoleEnv>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceRuntimeModule.forRoot({ context }), ConsoleModule],
    };
  }
}
