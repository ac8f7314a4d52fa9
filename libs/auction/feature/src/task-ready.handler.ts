import type { TaskReady } from '@agora/contracts';
import { OnEvent } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { AuctionService } from './auction.service';

@Injectable()
export class TaskReadyHandler {
  constructor(private readonly auctions: AuctionService) {}

  @OnEvent('TaskReady')
  async onTaskReady(event: TaskReady): Promise<void> {
    await this.auctions.openAuction(event);
  }
}
