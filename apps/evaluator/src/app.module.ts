import { evaluatorEntities, evaluatorMigrations } from '@agora/evaluator/data-access';
import { createModelJudge, EvaluatorFeatureModule } from '@agora/evaluator/feature';
import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import type { EvaluatorEnv } from './config';

/** The evaluator: checks results and keeps agents' reputations. */
@Module({})
export class AppModule {
  static register(context: ServiceContext<EvaluatorEnv>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          context,
          database: { entities: evaluatorEntities, migrations: evaluatorMigrations },
        }),
        // A judge only when LLM_PROVIDER names one: with none, nothing calls the network.
        EvaluatorFeatureModule.withJudge(createModelJudge(context.env)),
      ],
    };
  }
}
