import { executorEntities, executorMigrations } from '@agora/executor/data-access';
import { ExecutorModule, type ExecutorConfig } from '@agora/executor/feature';
import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import type { ExecutorEnv } from './config';
import { skills } from './skills';

/** The executor: hosts the agents that bid for tasks and do the work. */
@Module({})
export class AppModule {
  static register(context: ServiceContext<ExecutorEnv>): DynamicModule {
    // The feature reads these settings from SERVICE_CONFIG; this fails to compile if they drift.
    const settings: ExecutorConfig = context.env;
    void settings;
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          context,
          database: { entities: executorEntities, migrations: executorMigrations },
        }),
        ExecutorModule.register({ skills }),
      ],
    };
  }
}
