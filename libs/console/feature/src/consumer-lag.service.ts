import type { LagRow } from '@agora/console/domain';
import { topicOf } from '@agora/contracts';
import { MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { CONSOLE_SETTINGS, type ConsoleSettings } from './console-settings';

/**
 * Consumer lag of the services' groups, read from the brokers at most once per
 * `lagRefreshMs` whoever asks (every open page asks every 2 s). A read that fails keeps the last
 * figures, and what the brokers will not tell is logged once per streak: lag is a figure to look
 * at, never a reason to fail.
 */
@Injectable()
export class ConsumerLagService {
  private rows: LagRow[] = [];
  private readAt = 0;
  private reading: Promise<LagRow[]> | undefined;
  private failing = false;

  constructor(
    private readonly messaging: MessagingClient,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The latest figures at once; starts a read in the background when they are old. */
  current(now = Date.now()): LagRow[] {
    if (now - this.readAt >= this.settings.lagRefreshMs) void this.read();
    return this.rows;
  }

  /** Figures no older than `lagRefreshMs`, reading them when needed. */
  async fresh(now = Date.now()): Promise<LagRow[]> {
    return now - this.readAt < this.settings.lagRefreshMs ? this.rows : this.read();
  }

  private read(): Promise<LagRow[]> {
    this.reading ??= this.load().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async load(): Promise<LagRow[]> {
    const { prefix, lagGroups } = this.settings;
    try {
      const { lag, unreadable } = await this.messaging.consumerLag(
        lagGroups.map((g) => prefix + g),
      );
      this.rows = lag.map((l) => ({
        group: l.groupId.slice(prefix.length),
        topic: topicOf(l.type).name,
        lag: l.lag,
      }));
      // A principal without Describe on the services' groups (production ACLs) sees no lag.
      if (unreadable.length > 0 && !this.failing) {
        this.logger.warn({ unreadable }, 'the brokers do not tell the lag of some groups');
      }
      this.failing = unreadable.length > 0;
    } catch (err) {
      if (!this.failing) this.logger.warn({ err }, 'cannot read the consumer lag of the services');
      this.failing = true;
    }
    this.readAt = Date.now();
    return this.rows;
  }
}
