import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import type { ExecutorEnv } from './config';

/** The executor: hosts the agents that bid for tasks and do the work. */
@Module({})
export class AppModule {
  static register(context: ServiceContext<ExecutorEnv>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceRuntimeModule.forRoot({ context })],
    };
  }
}
