import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AUCTION_SETTINGS, type AuctionSettings } from './auction-settings';
import { AuctionService } from './auction.service';

/**
 * The auction's clock. Deadlines live in PostgreSQL, not in timers, so an auction whose replica
 * died is closed by another: every SWEEP_INTERVAL_MS each replica claims due rounds, lapsed
 * leases and overdue events with `FOR UPDATE SKIP LOCKED`, and no two replicas get the same row.
 * In-process timers only wake the sweeper early, when this replica set the due time itself.
 */
@Injectable()
export class AuctionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private loop: NodeJS.Timeout | undefined;
  private readonly wakeTimers = new Set<NodeJS.Timeout>();
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly auctions: AuctionService,
    @Inject(AUCTION_SETTINGS) private readonly settings: AuctionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.auctions.onWakeUp((at) => this.wakeAt(at));
    this.loop = setInterval(() => this.kick(), this.settings.sweepIntervalMs);
    this.loop.unref();
  }

  /** Stops before messaging shuts down (that happens later, in beforeApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.loop);
    for (const timer of this.wakeTimers) clearTimeout(timer);
    this.wakeTimers.clear();
    await this.running;
  }

  private wakeAt(at: number): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.wakeTimers.delete(timer);
        this.kick();
      },
      Math.max(0, at - Date.now()) + 1,
    );
    timer.unref();
    this.wakeTimers.add(timer);
  }

  /** Starts a sweep, or asks for another right after the one running. */
  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweep().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async sweep(): Promise<void> {
    try {
      // A full batch means more may be due: keep going rather than wait for the next tick.
      while (!this.stopped) {
        const closed = await this.auctions.sweepDueAuctions();
        const expired = await this.auctions.sweepExpiredLeases();
        if (closed < this.settings.sweepBatchSize && expired < this.settings.sweepBatchSize) break;
      }
      if (!this.stopped) await this.auctions.republishOverdue();
    } catch (error) {
      this.logger.error({ err: error }, 'auction sweep failed; retrying on the next tick');
    }
  }
}
