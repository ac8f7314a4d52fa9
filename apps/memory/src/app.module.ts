import { memoryEntities, memoryMigrationsFor } from '@agora/memory/data-access';
import { MemoryFeatureModule } from '@agora/memory/feature';
import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { embeddingDimensions, type MemoryEnv } from './config';

/** The memory: keeps what the swarm learns and serves search. */
@Module({})
export class AppModule {
  static register(context: ServiceContext<MemoryEnv>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          context,
          database: {
            entities: memoryEntities,
            migrations: memoryMigrationsFor(embeddingDimensions(context.env)),
          },
        }),
        MemoryFeatureModule,
      ],
    };
  }
}
