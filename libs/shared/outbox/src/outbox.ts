import { keyOf } from '@agora/contracts';
import type { EventPublisher, OutgoingEvent } from '@agora/messaging';
import { counter, gauge, type Logger } from '@agora/observability';
import type { DataSource, EntityManager } from 'typeorm';

const relayed = counter(
  'agora_outbox_relayed_total',
  'Events the outbox relay published because their first publish after commit did not happen.',
);
const relayLag = gauge(
  'agora_outbox_relay_lag_seconds',
  'Age of the oldest committed event not yet known to be published (0 when none is pending).',
);

/** How the outbox runs. */
export interface OutboxOptions {
  /**
   * Age after which a committed event not known to be published is published by the relay. Must
   * exceed the time a publish after commit normally takes. @default 2000
   */
  republishAfterMs?: number;
  /** How long published rows are kept (for inspection) before the relay deletes them. @default 3600000 */
  retainPublishedMs?: number;
  /** Rows one relay pass claims. @default 200 */
  batchSize?: number;
  /**
   * How often the outbox runs its own relay pass once the application has started; 0 leaves
   * relaying to the caller. @default 1000
   */
  relayEveryMs?: number;
  /** How often publish marks are written, in one statement for all. @default 25 */
  markEveryMs?: number;
}

/**
 * The one way services save state and publish events (the transactional outbox):
 *
 * 1. `stage(manager, events)` inside the transaction that changes the state: the events are
 *    inserted into the service's `outbox` table, so they commit or roll back with the state.
 * 2. `publish(events)` after commit: one publish request for all of them. Marking the rows
 *    published is deferred and batched, so the hot path pays no extra database round trip.
 * 3. `relay()` on its own timer (every `relayEveryMs`): rows still unmarked after
 *    `republishAfterMs` (the process died between commit and publish, or the publish failed) are
 *    claimed with SKIP LOCKED, so one replica publishes each, oldest first, and published again
 *    with the same eventId; consumers deduplicate on it.
 *
 * Nothing is published for a transaction that rolled back, and nothing committed is lost.
 */
export class Outbox {
  private readonly republishAfterMs: number;
  private readonly retainPublishedMs: number;
  private readonly batchSize: number;
  private readonly pendingMarks = new Set<string>();
  private readonly markTimer: NodeJS.Timeout;
  private marking: Promise<void> = Promise.resolve();
  private readonly relayEveryMs: number;
  private relayTimer: NodeJS.Timeout | undefined;
  private relaying: Promise<unknown> | undefined;
  private relayFailing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    options: OutboxOptions = {},
  ) {
    this.republishAfterMs = options.republishAfterMs ?? 2_000;
    this.retainPublishedMs = options.retainPublishedMs ?? 3_600_000;
    this.batchSize = options.batchSize ?? 200;
    this.relayEveryMs = options.relayEveryMs ?? 1_000;
    this.markTimer = setInterval(() => void this.flushMarks(), options.markEveryMs ?? 25);
    this.markTimer.unref();
  }

  /** Inserts the events into the outbox inside the caller's transaction. */
  async stage(manager: EntityManager, events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `insert into outbox (event_id, event_type, event_key, payload, created_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[])
       on conflict (event_id) do nothing`,
      [
        events.map((e) => e.event.envelope.eventId),
        events.map((e) => e.type),
        events.map((e) => keyOf(e.type, e.event)),
        events.map((e) => JSON.stringify(e.event)),
        events.map(() => Date.now()),
      ],
    );
  }

  /**
   * Publishes staged events after their transaction committed. Throws when the publish fails;
   * the rows stay unpublished and the relay sends them later.
   */
  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.publisher.publishMany(events);
    for (const e of events) this.pendingMarks.add(e.event.envelope.eventId);
  }

  /**
   * Publishes staged events after their transaction committed; a failed publish is logged and
   * left to the relay (it is a delay, not a loss).
   * @returns whether the publish went out now.
   */
  async publishOrRelay(events: readonly OutgoingEvent[]): Promise<boolean> {
    try {
      await this.publish(events);
      return true;
    } catch (err) {
      this.logger.warn(
        { err, events: events.length },
        'could not publish committed events; the outbox relay will',
      );
      return false;
    }
  }

  /**
   * Publishes events committed but not marked published for `republishAfterMs`, and deletes
   * published rows older than `retainPublishedMs`. Safe on every replica at once.
   * @returns how many events it published.
   */
  async relay(now = Date.now()): Promise<number> {
    await this.flushMarks();
    const published = await this.dataSource.transaction(async (m) => {
      const rows: { event_id: string; event_type: string; payload: unknown }[] = await m.query(
        `select event_id, event_type, payload from outbox
          where published_at is null and created_at < $1
          order by created_at limit $2 for update skip locked`,
        [now - this.republishAfterMs, this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.publisher.publishMany(
        rows.map((r) => ({ type: r.event_type, event: r.payload }) as OutgoingEvent),
      );
      await m.query(`update outbox set published_at = $1 where event_id = any($2::text[])`, [
        now,
        rows.map((r) => r.event_id),
      ]);
      return rows.length;
    });
    if (published > 0) {
      relayed.inc(published);
      this.logger.warn({ events: published }, 'outbox relay published overdue events');
    }
    const [oldest] = await this.dataSource.query<{ oldest: string | null }[]>(
      `select min(created_at) as oldest from outbox where published_at is null`,
    );
    relayLag.set(oldest?.oldest ? Math.max(0, now - Number(oldest.oldest)) / 1000 : 0);
    await this.dataSource.query(
      `delete from outbox where event_id in (
         select event_id from outbox where published_at < $1 limit $2)`,
      [now - this.retainPublishedMs, this.batchSize * 5],
    );
    return published;
  }

  /** Writes the pending publish marks now; call before shutdown. */
  flushMarks(): Promise<void> {
    this.marking = this.marking.then(async () => {
      if (this.pendingMarks.size === 0) return;
      const ids = [...this.pendingMarks];
      this.pendingMarks.clear();
      try {
        await this.dataSource.query(
          `update outbox set published_at = $1 where event_id = any($2::text[]) and published_at is null`,
          [Date.now(), ids],
        );
      } catch (err) {
        // Unmarked rows are published again by the relay: a duplicate, never a loss.
        this.logger.warn({ err, events: ids.length }, 'could not mark outbox events published');
      }
    });
    return this.marking;
  }

  /** Starts the relay timer (Nest calls this once the application is up). */
  onApplicationBootstrap(): void {
    if (this.relayEveryMs <= 0 || this.relayTimer) return;
    this.relayTimer = setInterval(() => {
      // A slow pass is not overlapped by the next one.
      this.relaying ??= this.relay()
        .then(() => {
          if (this.relayFailing) this.logger.info('outbox relay works again');
          this.relayFailing = false;
        })
        .catch((err: unknown) => {
          // Once per outage, not once per pass: the next pass tries again.
          if (!this.relayFailing) this.logger.warn({ err }, 'outbox relay failed; retrying');
          this.relayFailing = true;
        })
        .finally(() => (this.relaying = undefined));
    }, this.relayEveryMs);
    this.relayTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.markTimer);
    clearInterval(this.relayTimer);
    this.relayTimer = undefined;
    await this.relaying;
    await this.flushMarks();
  }

  /** Nest calls this on shutdown, before the database connection closes. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}
