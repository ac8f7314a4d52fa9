import type {
  BidSubmitted,
  TaskCompleted,
  TaskFailed,
  TaskProgress,
  TaskReady,
} from '@agora/contracts';
import { OnEventBatch, type BatchContext } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { AuctionService } from './auction.service';
import { LeaseService } from './lease.service';

/**
 * The auction's subscriptions, all in batches: a burst of bids or results costs a few set-based
 * statements per batch rather than a transaction per event, so the cost per task falls as load
 * rises. The task topics are co-partitioned and assigned alike, so a task's call, bids and
 * results reach the one replica that owns its partition.
 */
@Injectable()
export class AuctionEventsHandler {
  constructor(
    private readonly auctions: AuctionService,
    private readonly leases: LeaseService,
  ) {}

  @OnEventBatch('TaskReady')
  async onTaskReady(events: TaskReady[], ctx: BatchContext<'TaskReady'>): Promise<void> {
    await this.auctions.openAuctions(
      events,
      events.map(() => ctx.partition),
    );
  }

  @OnEventBatch('BidSubmitted')
  async onBids(events: BidSubmitted[]): Promise<void> {
    await this.auctions.recordBids(events);
  }

  @OnEventBatch('TaskProgress')
  async onTaskProgress(events: TaskProgress[]): Promise<void> {
    await this.leases.handle({ type: 'TaskProgress', events });
  }

  @OnEventBatch('TaskCompleted')
  async onTaskCompleted(events: TaskCompleted[]): Promise<void> {
    await this.leases.handle({ type: 'TaskCompleted', events });
  }

  @OnEventBatch('TaskFailed')
  async onTaskFailed(events: TaskFailed[]): Promise<void> {
    await this.leases.handle({ type: 'TaskFailed', events });
  }
}
