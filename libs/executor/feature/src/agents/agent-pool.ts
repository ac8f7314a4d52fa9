import { randomUUID } from 'node:crypto';
import { attemptKey } from '@agora/agent-sdk';
import { loadOf, type AgentDefinition, type CapabilityStats } from '@agora/executor/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { ExecutorConfig } from '../executor-config';
import { agentUtilisation } from '../executor.metrics';
import { EXECUTOR_CONFIG } from '../tokens';

/** Why a running task was stopped before it finished. */
export type AbortReason = 'cancelled' | 'drain' | 'timeout';

/** A task attempt being worked on in this process. */
export interface RunningTask {
  key: string;
  taskId: string;
  attempt: number;
  agentId: string;
  capability: string;
  controller: AbortController;
  /** Settles when the attempt's result (or release) has been published. */
  done: Promise<void>;
}

export interface HostedAgent {
  definition: AgentDefinition;
  running: Map<string, RunningTask>;
  stats: Map<string, CapabilityStats>;
}

export { attemptKey };

/**
 * The agents this process hosts and their live state. State lives in memory on purpose: each
 * agent exists in exactly one process, and what outlives the process (learnt figures) is in
 * PostgreSQL; running tasks die with the process and are re-auctioned when their lease lapses.
 */
@Injectable()
export class AgentPool {
  /**
   * This run of the process. Heartbeats and bids carry it and awards name it, so after a restart
   * the auction ends the leases of the run that died at once, and an award meant for that run is
   * not started by this one.
   */
  readonly incarnation = randomUUID().slice(0, 8);
  private readonly agents = new Map<string, HostedAgent>();
  private readonly listeners: ((agentId: string) => void)[] = [];
  private drainingNow = false;

  constructor(@Inject(EXECUTOR_CONFIG) config: ExecutorConfig) {
    for (const definition of config.agents) {
      this.agents.set(definition.id, { definition, running: new Map(), stats: new Map() });
      agentUtilisation.set({ agent: definition.id }, 0);
    }
  }

  get draining(): boolean {
    return this.drainingNow;
  }

  all(): HostedAgent[] {
    return [...this.agents.values()];
  }

  ids(): string[] {
    return [...this.agents.keys()];
  }

  get(agentId: string): HostedAgent | undefined {
    return this.agents.get(agentId);
  }

  /** Called with an agent's id whenever its load or status changes. */
  onChange(listener: (agentId: string) => void): void {
    this.listeners.push(listener);
  }

  startDraining(): void {
    if (this.drainingNow) return;
    this.drainingNow = true;
    for (const id of this.agents.keys()) this.changed(id);
  }

  setStats(agentId: string, capability: string, stats: CapabilityStats): void {
    this.agents.get(agentId)?.stats.set(capability, stats);
  }

  add(task: RunningTask): void {
    const agent = this.agents.get(task.agentId);
    if (!agent) return;
    agent.running.set(task.key, task);
    this.changed(task.agentId);
  }

  remove(task: RunningTask): void {
    const agent = this.agents.get(task.agentId);
    if (agent?.running.delete(task.key)) this.changed(task.agentId);
  }

  findRunning(taskId: string, attempt: number): RunningTask | undefined {
    const key = attemptKey(taskId, attempt);
    for (const agent of this.agents.values()) {
      const task = agent.running.get(key);
      if (task) return task;
    }
    return undefined;
  }

  running(): RunningTask[] {
    return this.all().flatMap((a) => [...a.running.values()]);
  }

  private changed(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (agent) {
      agentUtilisation.set({ agent: agentId }, loadOf(agent.definition, agent.running.size));
    }
    for (const listener of this.listeners) listener(agentId);
  }
}
