import type { Logger } from '@agora/observability';
import { Outbox } from '@agora/outbox';
import { LOGGER } from '@agora/runtime';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AUCTION_SETTINGS, type AuctionSettings } from './auction-settings';
import { AuctionService } from './auction.service';
import { LeaseService } from './lease.service';
import { RosterService } from './roster.service';

/**
 * The auction's clock. Deadlines live in PostgreSQL, not in timers, so an auction whose replica
 * died is carried on by another: every SWEEP_INTERVAL_MS each replica closes the due rounds and
 * lapsed leases of its partitions, ends leases of restarted agents, calls for bids for waiting
 * tasks as capacity allows, fails hopeless waits, and relays unpublished events. In-process
 * timers only wake it early for due times this replica set, and capacity changes (a slot freed,
 * an agent appeared) ask for a dispatch at once.
 */
@Injectable()
export class AuctionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private loop: NodeJS.Timeout | undefined;
  private readonly wakeTimers = new Map<number, NodeJS.Timeout>();
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly toDispatch = new Set<string>();
  private lastRelayAt = 0;

  constructor(
    private readonly auctions: AuctionService,
    private readonly leases: LeaseService,
    private readonly rosters: RosterService,
    private readonly outbox: Outbox,
    @Inject(AUCTION_SETTINGS) private readonly settings: AuctionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.auctions.connect({
      wakeUp: (at) => this.wakeAt(at),
      requestDispatch: (capabilities) => this.requestDispatch(capabilities),
    });
    this.rosters.onCapacityChange((capabilities) => this.requestDispatch(capabilities));
    this.loop = setInterval(() => this.kick(), this.settings.sweepIntervalMs);
    this.loop.unref();
  }

  /** Stops before messaging shuts down (that happens later, in beforeApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.loop);
    for (const timer of this.wakeTimers.values()) clearTimeout(timer);
    this.wakeTimers.clear();
    await this.running;
  }

  private requestDispatch(capabilities: ReadonlySet<string>): void {
    for (const c of capabilities) this.toDispatch.add(c);
    this.kick();
  }

  /** One timer per millisecond at most: a burst of rounds due together wakes the sweeper once. */
  private wakeAt(at: number): void {
    if (this.stopped || this.wakeTimers.has(at)) return;
    const timer = setTimeout(
      () => {
        this.wakeTimers.delete(at);
        this.kick();
      },
      Math.max(0, at - Date.now()) + 1,
    );
    timer.unref();
    this.wakeTimers.set(at, timer);
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
      const batch = this.settings.sweepBatchSize;
      // A full batch means more may be due: keep going rather than wait for the next tick.
      while (!this.stopped) {
        const closed = await this.auctions.closeDueRounds();
        const expired = await this.leases.expireLapsed();
        await this.leases.expireEarlierRuns();
        if (closed < batch && expired < batch) break;
      }
      if (this.stopped) return;
      const capabilities = new Set(this.toDispatch);
      this.toDispatch.clear();
      if (capabilities.size > 0) await this.auctions.dispatch(capabilities);
      await this.auctions.dispatchWaiting();
      await this.auctions.failHopelessWaits();
      const now = Date.now();
      if (now - this.lastRelayAt >= this.settings.republishAfterMs / 2) {
        this.lastRelayAt = now;
        await this.outbox.relay(now);
        this.rosters.recordGauge(now);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'auction sweep failed; retrying on the next tick');
    }
  }
}
