import { agentHeartbeat, LOAD_CHANGE_EVERY_MS } from '@agora/agent-sdk';
import type { AgentStatus } from '@agora/contracts';
import { EventPublisher, MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import type { ExecutorConfig } from '../executor-config';
import { EXECUTOR_CONFIG } from '../tokens';
import { AgentPool, type HostedAgent } from './agent-pool';

/**
 * Publishes every hosted agent's AgentHeartbeat at a fixed interval, at once when the process
 * starts draining or stops, and at most once a second for changes of load.
 */
@Injectable()
export class HeartbeatService {
  private timer: NodeJS.Timeout | undefined;
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  private lastLoadBeatAt = 0;
  private stopped = true;
  /** Whether the process can hear calls and awards now; agents are announced only while it can. */
  private reachable: () => boolean = () => true;
  private silenced = false;

  constructor(
    private readonly pool: AgentPool,
    private readonly publisher: EventPublisher,
    private readonly messaging: MessagingClient,
    @Inject(EXECUTOR_CONFIG) private readonly config: ExecutorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    pool.onChange((agentId) => this.markDirty(agentId));
  }

  /**
   * Starts the periodic heartbeats. `reachable` tells whether the consumer that brings this
   * process its calls and awards is running: while it is down, the agents go unannounced, so the
   * auction lets them lapse instead of inviting agents that cannot hear.
   */
  async start(reachable: () => boolean = () => true): Promise<void> {
    this.stopped = false;
    this.reachable = reachable;
    await this.publish(this.pool.all(), 'ONLINE');
    this.timer = setInterval(() => {
      if (!this.announcing()) return;
      void this.publish(this.pool.all(), this.status()).catch((err: unknown) =>
        this.logger.warn({ err }, 'heartbeat failed'),
      );
    }, this.config.HEARTBEAT_INTERVAL_MS);
  }

  /** False while the work consumer is down; logs each change once. */
  private announcing(): boolean {
    const up = this.reachable();
    if (up === !this.silenced) return up;
    this.silenced = !up;
    if (up) this.logger.info('work consumer running again: heartbeats resume');
    else this.logger.warn('work consumer down: agents stop heartbeating until it runs again');
    return up;
  }

  /** Stops the timer and announces every agent OFFLINE, the last heartbeat before exit. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.publish(this.pool.all(), 'OFFLINE');
  }

  /** Publishes the current state of every agent now. */
  async publishNow(): Promise<void> {
    await this.publish(this.pool.all(), this.status());
  }

  private status(): AgentStatus {
    return this.pool.draining ? 'DRAINING' : 'ONLINE';
  }

  private markDirty(agentId: string): void {
    if (this.stopped) return;
    this.dirty.add(agentId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Status changes (draining) go out at once; load changes wait for the rate limit.
    const delay = this.pool.draining
      ? 0
      : Math.max(0, this.lastLoadBeatAt + LOAD_CHANGE_EVERY_MS - Date.now());
    setTimeout(() => {
      this.flushScheduled = false;
      this.lastLoadBeatAt = Date.now();
      const agents = [...this.dirty].flatMap((id) => this.pool.get(id) ?? []);
      this.dirty.clear();
      if (this.stopped || agents.length === 0 || !this.announcing()) return;
      void this.publish(agents, this.status()).catch((err: unknown) =>
        this.logger.warn({ err }, 'heartbeat failed'),
      );
    }, delay).unref();
  }

  private async publish(agents: HostedAgent[], status: AgentStatus): Promise<void> {
    const version = this.messaging.options.producer.version;
    await this.publisher.publishMany(
      agents.map((agent) => {
        const { definition } = agent;
        const event = agentHeartbeat(
          { agentId: definition.id, version },
          {
            capabilities: definition.capabilities,
            capacity: definition.capacity,
            activeTasks: agent.running.size,
            status,
            intervalMs: this.config.HEARTBEAT_INTERVAL_MS,
            costPerTaskUsd: definition.cost.basePerTaskUsd,
            incarnation: this.pool.incarnation,
            // The process's allow-lists, which every skill of every agent here is held to; the
            // planner refuses plans that no live agent's lists allow.
            allowedCommands: this.config.SHELL_ALLOWLIST,
            allowedHosts: this.config.HTTP_ALLOWLIST,
          },
        );
        return { type: 'AgentHeartbeat' as const, event };
      }),
    );
  }
}
