import { plannerEntities, plannerMigrations } from '@agora/planner/data-access';
import { PlannerModule } from '@agora/planner/feature';
import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import type { PlannerEnv } from './config';

/** The planner: turns goals into task graphs and follows them to completion. */
@Module({})
export class AppModule {
  static register(context: ServiceContext<PlannerEnv>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          context,
          database: { entities: plannerEntities, migrations: plannerMigrations },
        }),
        PlannerModule.register(),
      ],
    };
  }
}
