import { AllocationTables1767312000000 } from './allocation-tables.migration';
import { AuctionEntity } from './auction.entity';
import { AwardEntity } from './award.entity';
import { BidEntity } from './bid.entity';
import { CreateAuctionTables1767225600000 } from './create-auction-tables.migration';

export { AllocationTables1767312000000 } from './allocation-tables.migration';
export { AuctionEntity, type AuctionPhase, type ClosedBy } from './auction.entity';
export {
  AuctionRepository,
  AuctionTransaction,
  type AttemptKey,
  type AuctionEnd,
  type BidRow,
  type ReadThrough,
  type RoundOpening,
  type WaitingUpdate,
} from './auction.repository';
export { AwardEntity, type LeaseState } from './award.entity';
export { BidEntity } from './bid.entity';
export { CreateAuctionTables1767225600000 } from './create-auction-tables.migration';

/** Every entity of the auction's schema, for the service's DataSource. */
export const auctionEntities = [AuctionEntity, BidEntity, AwardEntity];

/** The auction's migrations, in order. */
export const auctionMigrations = [CreateAuctionTables1767225600000, AllocationTables1767312000000];
