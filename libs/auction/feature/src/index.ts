export {
  AUCTION_SETTINGS,
  auctionSettingsFromEnv,
  type AuctionEnv,
  type AuctionSettings,
} from './auction-settings';
export { AuctionModule } from './auction.module';
export { auctionMetrics } from './auction.metrics';
export { RosterService } from './roster.service';
