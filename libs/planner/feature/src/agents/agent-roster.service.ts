import { randomUUID } from 'node:crypto';
import { isLive, type AgentHeartbeat } from '@agora/contracts';
import { MessagingClient, type EventConsumer } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import type { AgentAllowance } from '@agora/planner/domain';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';

/** Longest planning waits for the first read of the heartbeats before judging with what it has. */
const CATCH_UP_TIMEOUT_MS = 30_000;

/**
 * The latest heartbeat of every agent, for what the executors allow (checkCommands). Each
 * replica reads the compacted topic in full, in a group of its own that commits nothing, as the
 * auction's roster does; the first plan waits until that read has reached the topic's end, so a
 * planner that just started does not judge plans against an empty roster.
 */
@Injectable()
export class AgentRosterService implements OnApplicationBootstrap {
  private readonly agents = new Map<string, AgentHeartbeat>();
  /** The newest heartbeat read: the roster's clock, so a lagging reader ages every agent alike. */
  private newestSeenAt = 0;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly messaging: MessagingClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.load().catch((err: unknown) =>
      this.logger.warn({ err }, 'agent roster not loaded; plans are checked once it is'),
    );
  }

  /** The agents live now, with their allow-lists. Waits for the first full read of the topic. */
  async live(now = Date.now()): Promise<AgentAllowance[]> {
    await this.load();
    const clock = Math.min(now, this.newestSeenAt);
    return [...this.agents.values()]
      .filter((beat) => isLive({ ...beat, lastSeenAt: beat.envelope.occurredAt }, clock))
      .map((beat) => ({
        agentId: beat.agentId,
        capabilities: beat.capabilities,
        allowedCommands: beat.allowedCommands,
        allowedHosts: beat.allowedHosts,
      }));
  }

  private load(): Promise<void> {
    this.loaded ??= this.read().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async read(): Promise<void> {
    const group = `${this.messaging.options.consumer.groupId}.roster.${randomUUID().slice(0, 8)}`;
    const consumer: EventConsumer = this.messaging
      .consumer(group, { fromBeginning: true, commit: false })
      .onBatch('AgentHeartbeat', (beats) => this.onHeartbeats(beats));
    await consumer.start();
    const read = await consumer.caughtUp(['AgentHeartbeat'], Date.now(), {
      timeoutMs: CATCH_UP_TIMEOUT_MS,
    });
    if (read) this.logger.info({ agents: this.agents.size }, 'agent roster loaded');
    else this.logger.warn('agent roster still loading after 30 s; planning with what it has');
  }

  private onHeartbeats(beats: readonly AgentHeartbeat[]): void {
    for (const beat of beats) {
      const at = beat.envelope.occurredAt;
      const known = this.agents.get(beat.agentId);
      if (known && known.envelope.occurredAt > at) continue;
      this.agents.set(beat.agentId, beat);
      this.newestSeenAt = Math.max(this.newestSeenAt, at);
    }
  }
}
