import type { Applied } from '@agora/console/domain';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CONSOLE_SETTINGS, type ConsoleSettings } from './console-settings';
import { ConsoleViewService } from './console-view.service';
import { ConsumerLagService } from './consumer-lag.service';

/** Receives the text/event-stream chunks of one client. */
export type StreamClient = (chunk: string) => void;

/** One server-sent event: `event: <name>` and its JSON on one `data:` line. */
export function sseEvent(name: 'goal' | 'agent' | 'swarm', data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live stream behind GET /api/stream, shared by every open page. Changes are gathered and
 * sent every `flushIntervalMs`: a goal whose events arrive in a burst is one `goal` event with
 * its latest row, and an agent's row goes out at most once per `agentIntervalMs`. The `swarm`
 * event goes every `swarmIntervalMs`, and a comment every `keepAliveMs` keeps idle connections
 * (and the proxies on their way) open. Nothing is gathered while no page is open.
 */
@Injectable()
export class ConsoleStreamService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly clients = new Set<StreamClient>();
  private readonly goals = new Set<string>();
  private readonly agents = new Set<string>();
  private readonly agentSentAt = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly view: ConsoleViewService,
    private readonly lag: ConsumerLagService,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.stopListening = this.view.onChange((applied) => this.note(applied));
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.settings.flushIntervalMs, () => this.flush());
    every(this.settings.swarmIntervalMs, () => this.broadcast(this.swarmEvent()));
    every(this.settings.keepAliveMs, () => this.broadcast(': keep-alive\n\n'));
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    this.stopListening?.();
    this.clients.clear();
  }

  /** Open pages. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Adds a page: it gets the swarm at once, then the stream; returns what removes it. */
  subscribe(client: StreamClient): () => void {
    this.clients.add(client);
    client(this.swarmEvent());
    return () => {
      this.clients.delete(client);
      if (this.clients.size === 0) {
        this.goals.clear();
        this.agents.clear();
      }
    };
  }

  private note(applied: Applied): void {
    if (this.clients.size === 0) return;
    if (applied.goalId !== null) this.goals.add(applied.goalId);
    if (applied.agentId !== null) this.agents.add(applied.agentId);
  }

  private flush(now = Date.now()): void {
    if (this.clients.size === 0) return;
    const chunks: string[] = [];
    for (const goalId of this.goals) {
      const row = this.view.model.goalRow(goalId);
      if (row) chunks.push(sseEvent('goal', row));
    }
    this.goals.clear();
    for (const agentId of this.agents) {
      if (now - (this.agentSentAt.get(agentId) ?? 0) < this.settings.agentIntervalMs) continue;
      this.agents.delete(agentId);
      const row = this.view.model.agentRow(agentId, now);
      if (!row) continue;
      this.agentSentAt.set(agentId, now);
      chunks.push(sseEvent('agent', row));
    }
    for (const [agentId, at] of this.agentSentAt) {
      if (now - at >= this.settings.agentIntervalMs) this.agentSentAt.delete(agentId);
    }
    if (chunks.length > 0) this.broadcast(chunks.join(''));
  }

  private swarmEvent(): string {
    return sseEvent('swarm', this.view.model.swarm(this.lag.current()));
  }

  private broadcast(chunk: string): void {
    for (const client of this.clients) client(chunk);
  }
}
