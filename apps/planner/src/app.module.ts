import { plannerEntities, plannerMigrations } from '@agora/planner/data-access';
import { modelDecomposerFromSettings, PlannerModule } from '@agora/planner/feature';
import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { workflowCatalogFor, type PlannerEnv } from './config';

/** The planner: turns goals into task graphs and follows them to completion. */
@Module({})
export class AppModule {
  static register(context: ServiceContext<PlannerEnv>): DynamicModule {
    // LLM_PROVIDER=none gives no decomposer: goals naming no workflow get the default one.
    const decomposer = modelDecomposerFromSettings(context.env);
    if (decomposer) {
      context.logger.info(
        { model: decomposer.name },
        'goals naming no workflow are planned by a model',
      );
    }
    const catalog = workflowCatalogFor(context.env);
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          context,
          database: { entities: plannerEntities, migrations: plannerMigrations },
        }),
        PlannerModule.register({ catalog, ...(decomposer ? { decomposer } : {}) }),
      ],
    };
  }
}
