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
import { LeaseService } from './lease.service';
import { RosterService } from './roster.service';

/** A burst of requests within this long makes one dispatch. */
const DISPATCH_DEBOUNCE_MS = 5;

/**
 * Runs `work` one at a time: a call while it runs asks for exactly one more run afterwards.
 */
class SingleFlight {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly work: () => Promise<void>) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.work().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}

/**
 * The auction's clock. Deadlines live in PostgreSQL, not in timers, so an auction whose replica
 * died is carried on by another. Three kinds of work, each running one at a time:
 *
 * - closing: due rounds of this replica's partitions, when a round's deadline or quiet period
 *   ends (a timer this replica set) and on every tick;
 * - dispatching: calls for waiting tasks of a capability when capacity may have appeared (an
 *   agent came, a backoff ended), debounced so a burst of changes makes one dispatch;
 * - the tick, every SWEEP_INTERVAL_MS: lapsed leases, leases of restarted agents, every waiting
 *   capability, hopeless waits, and the roster gauges. (The outbox relays on its own timer.)
 *
 * A slot freed by a result is dispatched in the result's own transaction, not here.
 */
@Injectable()
export class AuctionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private loop: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakeTimes = new Set<number>();
  private stopped = false;
  private readonly toDispatch = new Set<string>();
  private dispatchTimer: NodeJS.Timeout | undefined;
  private lastGaugeAt = 0;
  private readonly closing = new SingleFlight(() => this.guard('close', () => this.close()));
  private readonly dispatching = new SingleFlight(() =>
    this.guard('dispatch', () => this.dispatch()),
  );
  private readonly ticking = new SingleFlight(() => this.guard('tick', () => this.tick()));

  constructor(
    private readonly auctions: AuctionService,
    private readonly leases: LeaseService,
    private readonly rosters: RosterService,
    @Inject(AUCTION_SETTINGS) private readonly settings: AuctionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.auctions.connect({
      wakeUp: (at) => this.wakeAt(at),
      requestDispatch: (capabilities, at) => this.requestDispatch(capabilities, at),
    });
    this.rosters.onCapacityChange((capabilities) => this.requestDispatch(capabilities));
    this.loop = setInterval(() => this.ticking.kick(), this.settings.sweepIntervalMs);
    this.loop.unref();
  }

  /** Stops before messaging shuts down (that happens later, in beforeApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.loop);
    clearTimeout(this.dispatchTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([this.closing.settled(), this.dispatching.settled(), this.ticking.settled()]);
  }

  private requestDispatch(capabilities: ReadonlySet<string>, at?: number): void {
    if (this.stopped) return;
    if (at !== undefined && at > Date.now()) {
      this.after(at, () => this.requestDispatch(capabilities));
      return;
    }
    for (const c of capabilities) this.toDispatch.add(c);
    this.dispatchTimer ??= setTimeout(() => {
      this.dispatchTimer = undefined;
      this.dispatching.kick();
    }, DISPATCH_DEBOUNCE_MS);
  }

  /** One timer per millisecond at most: rounds due together wake the closing once. */
  private wakeAt(at: number): void {
    if (this.stopped || this.wakeTimes.has(at)) return;
    this.wakeTimes.add(at);
    this.after(at, () => {
      this.wakeTimes.delete(at);
      this.closing.kick();
    });
  }

  private after(at: number, run: () => void): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.stopped) run();
      },
      Math.max(0, at - Date.now()) + 1,
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async close(): Promise<void> {
    // A full batch means more may be due: keep going rather than wait for the next wake.
    while (!this.stopped) {
      if ((await this.auctions.closeDueRounds()) < this.settings.sweepBatchSize) return;
    }
  }

  private async dispatch(): Promise<void> {
    const capabilities = new Set(this.toDispatch);
    this.toDispatch.clear();
    await this.auctions.dispatch(capabilities);
  }

  private async tick(): Promise<void> {
    await this.close();
    while (!this.stopped) {
      if ((await this.leases.expireLapsed()) < this.settings.sweepBatchSize) break;
    }
    await this.leases.expireEarlierRuns();
    if (this.stopped) return;
    await this.auctions.dispatchWaiting();
    await this.auctions.failHopelessWaits();
    const now = Date.now();
    if (now - this.lastGaugeAt >= 1_000) {
      this.lastGaugeAt = now;
      this.rosters.recordGauge(now);
    }
  }

  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    if (this.stopped) return;
    try {
      await work();
    } catch (error) {
      this.logger.error(
        { err: error, work: what },
        'auction sweep failed; retrying on the next tick',
      );
    }
  }
}
