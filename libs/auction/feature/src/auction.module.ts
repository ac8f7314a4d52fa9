import { AuctionRepository } from '@agora/auction/data-access';
import { SERVICE_CONFIG } from '@agora/runtime';
import { Module } from '@nestjs/common';
import { AgentRosterHandler } from './agent-roster.handler';
import { AUCTION_SETTINGS, auctionSettingsFromEnv, type AuctionEnv } from './auction-settings';
import { AuctionSweeper } from './auction-sweeper.service';
import { AuctionService } from './auction.service';
import { BidSubmittedHandler } from './bid-submitted.handler';
import { LeaseService } from './lease.service';
import { TaskLeaseHandler } from './task-lease.handler';
import { TaskReadyHandler } from './task-ready.handler';

/**
 * The Contract-Net auction as a Nest module. Needs the service runtime (messaging, the database
 * with the auction's entities, SERVICE_CONFIG with the {@link AuctionEnv} keys, LOGGER).
 */
@Module({
  providers: [
    {
      provide: AUCTION_SETTINGS,
      inject: [SERVICE_CONFIG],
      useFactory: (env: AuctionEnv) => auctionSettingsFromEnv(env),
    },
    AuctionRepository,
    AuctionService,
    LeaseService,
    AuctionSweeper,
    TaskReadyHandler,
    BidSubmittedHandler,
    TaskLeaseHandler,
    AgentRosterHandler,
  ],
})
export class AuctionModule {}
