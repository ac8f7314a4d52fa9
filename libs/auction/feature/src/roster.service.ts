import { randomUUID } from 'node:crypto';
import { isLive, Roster } from '@agora/auction/domain';
import type { AgentHeartbeat, AgentReputation } from '@agora/contracts';
import { FatalError, MessagingClient, type EventConsumer } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AUCTION_SETTINGS, type AuctionSettings } from './auction-settings';
import { auctionMetrics as metrics } from './auction.metrics';

/** Longest start-up waits to read the roster's topics to their end before going on anyway. */
const CATCH_UP_TIMEOUT_MS = 30_000;

/**
 * The roster (latest heartbeat of every agent) and reputations, in memory. Each replica reads
 * both compacted topics in full, in a group of its own that commits nothing, so heartbeats cost
 * no database work and never queue behind bids; the state is rebuilt from the topics at start.
 *
 * Listeners hear which capabilities gained or lost capacity, and which agents restarted.
 */
@Injectable()
export class RosterService implements OnApplicationBootstrap {
  readonly roster = new Roster();
  private consumer: EventConsumer | undefined;
  private readyAt: number | undefined;
  private readonly capacityListeners: ((capabilities: ReadonlySet<string>) => void)[] = [];
  /** Agents whose process restarted, with their current incarnation, until the leases are checked. */
  private readonly restarts = new Map<string, string>();

  constructor(
    private readonly messaging: MessagingClient,
    @Inject(AUCTION_SETTINGS) private readonly settings: AuctionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const group = `${this.messaging.options.consumer.groupId}.roster.${randomUUID().slice(0, 8)}`;
    this.consumer = this.messaging
      .consumer(group, { fromBeginning: true, commit: false })
      .onBatch('AgentHeartbeat', (beats) => this.onHeartbeats(beats))
      .onBatch('AgentReputation', (records) => this.onReputations(records));
    await this.consumer.start();
    await this.catchUp(this.consumer);
    this.readyAt = Date.now();
    this.logger.info({ agents: this.roster.size }, 'roster loaded');
  }

  /** True once the roster has read its topics to the end they had at start-up. */
  get ready(): boolean {
    return this.readyAt !== undefined;
  }

  /**
   * True once the roster has been complete for `rosterSettleMs`: long enough that every running
   * agent has announced itself, so a capability nobody declared really has no agent.
   */
  settled(now = Date.now()): boolean {
    return this.readyAt !== undefined && now - this.readyAt >= this.settings.rosterSettleMs;
  }

  /** Stops reading heartbeats and reputations until {@link resume} (for drills and tests). */
  pause(): void {
    this.consumer?.pause();
  }

  resume(): void {
    this.consumer?.resume();
  }

  onCapacityChange(listener: (capabilities: ReadonlySet<string>) => void): void {
    this.capacityListeners.push(listener);
  }

  /** Agents that restarted since the last call, with their current incarnation. */
  takeRestarts(): Map<string, string> {
    const taken = new Map(this.restarts);
    this.restarts.clear();
    return taken;
  }

  /** Counts agents by liveness for the roster gauge. */
  recordGauge(now = Date.now()): void {
    const clock = this.roster.clock(now);
    const agents = this.roster.all();
    const live = agents.filter((a) => isLive(a, clock)).length;
    metrics.rosterAgents.set({ state: 'live' }, live);
    metrics.rosterAgents.set({ state: 'not_live' }, agents.length - live);
  }

  private onHeartbeats(beats: AgentHeartbeat[]): void {
    const changed = new Set<string>();
    for (const beat of beats) {
      if (beat.agentId.trim() === '') {
        throw new FatalError("AgentHeartbeat: 'agentId' must not be empty");
      }
      if (!(beat.intervalMs > 0)) {
        throw new FatalError(
          `AgentHeartbeat from '${beat.agentId}': 'intervalMs' must be positive, got ${beat.intervalMs}`,
        );
      }
      const before = this.roster.get(beat.agentId);
      const effect = this.roster.record({
        agentId: beat.agentId,
        capabilities: beat.capabilities,
        capacity: beat.capacity,
        status: beat.status,
        intervalMs: beat.intervalMs,
        lastSeenAt: beat.envelope.occurredAt,
        incarnation: beat.incarnation,
      });
      if (!effect.applied) continue;
      if (effect.restarted) this.restarts.set(beat.agentId, beat.incarnation);
      if (effect.capacityChanged) {
        for (const c of [...beat.capabilities, ...(before?.capabilities ?? [])]) changed.add(c);
      }
    }
    if (changed.size > 0 && this.ready) {
      for (const listener of this.capacityListeners) listener(changed);
    }
  }

  private onReputations(records: AgentReputation[]): void {
    for (const record of records) {
      for (const c of record.capabilities) {
        if (!(c.score >= 0 && c.score <= 1)) {
          throw new FatalError(
            `AgentReputation of '${record.agentId}': 'capabilities.score' for '${c.capability}' must be from 0 to 1, got ${c.score}`,
          );
        }
      }
      this.roster.recordReputation(record.agentId, record.capabilities);
    }
  }

  /** Waits until both topics are read through the moment start-up began. */
  private async catchUp(consumer: EventConsumer): Promise<void> {
    const read = await consumer.caughtUp(['AgentHeartbeat', 'AgentReputation'], Date.now(), {
      timeoutMs: CATCH_UP_TIMEOUT_MS,
    });
    if (!read) this.logger.warn('roster still loading after 30 s; going on with what it has');
  }
}
