import { auctionEntities, auctionMigrations } from '@agora/auction/data-access';
import { AuctionModule } from '@agora/auction/feature';
import { ServiceRuntimeModule, type ServiceContext } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AuctionEnv } from './config';

/** The auction: runs a Contract-Net auction for every ready task. */
@Module({})
export class AppModule {
  static register(context: ServiceContext<AuctionEnv>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          context,
          database: { entities: auctionEntities, migrations: auctionMigrations },
        }),
        AuctionModule,
      ],
    };
  }
}
