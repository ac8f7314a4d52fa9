import { LIVENESS_INTERVALS, type AgentHeartbeat, type AgentReputation } from '@agora/contracts';
import type { AgentRow } from './console-views';

/** Reputation points kept per agent. */
export const AGENT_HISTORY_POINTS = 200;
interface AgentRecord {
  agentId: string;
  heartbeat: { event: AgentHeartbeat; at: number } | null;
  reputation: { event: AgentReputation; at: number } | null;
  /** Ascending by time; one point per capability and reputation record. */
  history: AgentRow['history'];
}

/**
 * Every agent's latest heartbeat and reputation, and its reputation over time. Both topics are
 * compacted and may be read in any order and more than once: a record older than the one held
 * changes nothing but the history, and the history keeps one point per time and capability.
 */
export class AgentDirectory {
  private readonly agents = new Map<string, AgentRecord>();

  /** @param maxAgents agents kept; beyond it the one heard from least recently is dropped. */
  constructor(private readonly maxAgents: number) {}

  get size(): number {
    return this.agents.size;
  }

  /** @returns whether the agent's row changed. */
  heartbeat(event: AgentHeartbeat): boolean {
    const record = this.record(event.agentId);
    const at = event.envelope.occurredAt;
    if (record.heartbeat && record.heartbeat.at >= at) return false;
    record.heartbeat = { event, at };
    this.evict();
    return true;
  }

  /** @returns whether the agent's row changed. */
  reputation(event: AgentReputation): boolean {
    const record = this.record(event.agentId);
    const at = event.envelope.occurredAt;
    let changed = false;
    for (const c of event.capabilities) {
      const point = { at, capability: c.capability, score: c.score };
      if (addPoint(record.history, point)) changed = true;
    }
    if (record.history.length > AGENT_HISTORY_POINTS) {
      record.history.splice(0, record.history.length - AGENT_HISTORY_POINTS);
    }
    if (!record.reputation || record.reputation.at < at) {
      record.reputation = { event, at };
      changed = true;
    }
    this.evict();
    return changed;
  }

  /** The agent's current reputation for a capability, or null when it has none. */
  reputationOf(agentId: string, capability: string): number | null {
    const capabilities = this.agents.get(agentId)?.reputation?.event.capabilities ?? [];
    return capabilities.find((c) => c.capability === capability)?.score ?? null;
  }

  /** An agent that has sent a heartbeat; undefined for one known only by its reputation. */
  row(agentId: string, now: number): AgentRow | undefined {
    const record = this.agents.get(agentId);
    return record ? rowOf(record, now) : undefined;
  }

  /** Agents that have sent a heartbeat, by agentId. */
  rows(now: number): AgentRow[] {
    return [...this.agents.values()]
      .map((r) => rowOf(r, now))
      .filter((r): r is AgentRow => r !== undefined)
      .sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  }

  private record(agentId: string): AgentRecord {
    let record = this.agents.get(agentId);
    if (!record) {
      record = { agentId, heartbeat: null, reputation: null, history: [] };
      this.agents.set(agentId, record);
    }
    return record;
  }

  private evict(): void {
    while (this.agents.size > this.maxAgents) {
      let stalest: AgentRecord | undefined;
      for (const r of this.agents.values()) {
        if (!stalest || lastHeard(r) < lastHeard(stalest)) stalest = r;
      }
      if (!stalest) return;
      this.agents.delete(stalest.agentId);
    }
  }
}

function lastHeard(record: AgentRecord): number {
  return Math.max(record.heartbeat?.at ?? 0, record.reputation?.at ?? 0);
}

/** Inserts a point in time order, unless one for the same time and capability is there. */
function addPoint(history: AgentRow['history'], point: AgentRow['history'][number]): boolean {
  let i = history.length;
  while (i > 0 && (history[i - 1]?.at ?? 0) > point.at) i--;
  for (let j = i - 1; j >= 0 && history[j]?.at === point.at; j--) {
    if (history[j]?.capability === point.capability) return false;
  }
  history.splice(i, 0, point);
  return true;
}

function rowOf(record: AgentRecord, now: number): AgentRow | undefined {
  const beat = record.heartbeat?.event;
  if (!beat || !record.heartbeat) return undefined;
  const lastSeen = record.heartbeat.at;
  return {
    agentId: record.agentId,
    capabilities: [...beat.capabilities],
    capacity: beat.capacity,
    activeTasks: beat.activeTasks,
    status: beat.status,
    // Online while heard from within the heartbeat contract's intervals; draining agents count.
    online: beat.status !== 'OFFLINE' && now - lastSeen <= LIVENESS_INTERVALS * beat.intervalMs,
    lastSeen,
    costPerTaskUsd: beat.costPerTaskUsd,
    reputation: (record.reputation?.event.capabilities ?? []).map((c) => ({
      capability: c.capability,
      score: c.score,
      samples: c.samples,
    })),
    history: record.history.map((p) => ({ ...p })),
  };
}
