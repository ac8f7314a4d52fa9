import type { BidSubmitted } from '@agora/contracts';
import { OnEvent } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { AuctionService } from './auction.service';

@Injectable()
export class BidSubmittedHandler {
  constructor(private readonly auctions: AuctionService) {}

  @OnEvent('BidSubmitted')
  async onBidSubmitted(event: BidSubmitted): Promise<void> {
    await this.auctions.recordBid(event);
  }
}
