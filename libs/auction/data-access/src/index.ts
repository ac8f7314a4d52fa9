import { AgentEntity } from './agent.entity';
import { AuctionEntity } from './auction.entity';
import { AwardEntity } from './award.entity';
import { BidEntity } from './bid.entity';
import { CreateAuctionTables1767225600000 } from './create-auction-tables.migration';
import { OutboxEventEntity } from './outbox-event.entity';
import { ReputationEntity } from './reputation.entity';

export { AgentEntity } from './agent.entity';
export { AuctionEntity, type AuctionPhase, type ClosedBy } from './auction.entity';
export { AuctionRepository, AuctionTransaction } from './auction.repository';
export { AwardEntity, type LeaseState } from './award.entity';
export { BidEntity } from './bid.entity';
export { CreateAuctionTables1767225600000 } from './create-auction-tables.migration';
export { OutboxEventEntity } from './outbox-event.entity';
export { ReputationEntity } from './reputation.entity';

/** Every entity of the auction's schema, for the service's DataSource. */
export const auctionEntities = [
  AuctionEntity,
  BidEntity,
  AwardEntity,
  OutboxEventEntity,
  AgentEntity,
  ReputationEntity,
];

/** The auction's migrations, in order. */
export const auctionMigrations = [CreateAuctionTables1767225600000];
