import { AuctionRepository } from '@agora/auction/data-access';
import type { Logger } from '@agora/observability';
import { OutboxModule } from '@agora/outbox';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Module } from '@nestjs/common';
import { AUCTION_SETTINGS, auctionSettingsFromEnv, type AuctionEnv } from './auction-settings';
import { AuctionEventsHandler } from './auction-events.handler';
import { AuctionSweeper } from './auction-sweeper.service';
import { AuctionService } from './auction.service';
import { LeaseService } from './lease.service';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';

/**
 * The Contract-Net auction as a Nest module. Needs the service runtime (messaging, the database
 * with the auction's entities, SERVICE_CONFIG with the {@link AuctionEnv} keys, LOGGER).
 */
@Module({
  imports: [
    OutboxModule.forFeature({
      inject: [SERVICE_CONFIG, LOGGER],
      useFactory: (env: AuctionEnv, logger: Logger) => ({
        logger,
        republishAfterMs: env.REPUBLISH_AFTER_MS,
      }),
    }),
  ],
  controllers: [RosterController],
  providers: [
    {
      provide: AUCTION_SETTINGS,
      inject: [SERVICE_CONFIG],
      useFactory: (env: AuctionEnv) => auctionSettingsFromEnv(env),
    },
    AuctionRepository,
    RosterService,
    AuctionService,
    LeaseService,
    AuctionSweeper,
    AuctionEventsHandler,
  ],
})
export class AuctionModule {}
