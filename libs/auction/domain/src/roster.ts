/**
 * Who can be asked to bid, judged by event time rather than by the reader's wall clock.
 *
 * An agent counts as live while its latest heartbeat says ONLINE and is younger than
 * {@link LIVENESS_INTERVALS} of its own announced interval. "Younger" is measured against the
 * roster's clock: the newest heartbeat time the roster has read (never ahead of the wall clock).
 * A roster that falls behind its topic therefore ages every agent alike and declares none dead
 * because of its own lag; once it catches up, agents whose heartbeats stopped drop out. If every
 * agent stops at once the clock stops too and they stay "live": calls then go unanswered, rounds
 * close at their deadline and tasks wait, which is the right outcome when nobody can work.
 */

import { isLive } from '@agora/contracts';

// Liveness is the heartbeat contract's rule, shared by every reader of the roster.
export { isLive, LIVENESS_INTERVALS, MAX_TRUSTED_INTERVAL_MS } from '@agora/contracts';

export type AgentStatus = 'ONLINE' | 'DRAINING' | 'OFFLINE';

export interface AgentRecord {
  agentId: string;
  capabilities: readonly string[];
  capacity: number;
  status: AgentStatus;
  intervalMs: number;
  /** When the latest heartbeat was produced (its envelope's occurredAt). */
  lastSeenAt: number;
  /** Run of the agent's process; '' when the agent does not say. */
  incarnation: string;
}

/** What a heartbeat changed, for callers that react to capacity appearing or a restart. */
export interface HeartbeatEffect {
  /** False for a heartbeat older than the one already known (a redelivery, or out of order). */
  applied: boolean;
  /** The agent is new, came back, changed capabilities or capacity, or went away. */
  capacityChanged: boolean;
  /** The agent's process restarted: leases its earlier run held will never be finished. */
  restarted: boolean;
}

/** The latest heartbeat and reputation of every agent, kept in memory. */
export class Roster {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly reputations = new Map<string, Map<string, number>>();
  private newestSeenAt = 0;

  /** The roster's clock: the newest heartbeat read, never later than `wallNow`. */
  clock(wallNow: number): number {
    return Math.min(wallNow, this.newestSeenAt);
  }

  record(beat: AgentRecord): HeartbeatEffect {
    const previous = this.agents.get(beat.agentId);
    if (previous && previous.lastSeenAt > beat.lastSeenAt) {
      return { applied: false, capacityChanged: false, restarted: false };
    }
    this.agents.set(beat.agentId, { ...beat, capabilities: [...beat.capabilities] });
    this.newestSeenAt = Math.max(this.newestSeenAt, beat.lastSeenAt);
    const restarted =
      previous !== undefined &&
      previous.incarnation !== '' &&
      beat.incarnation !== previous.incarnation;
    const capacityChanged =
      !previous ||
      restarted ||
      previous.status !== beat.status ||
      previous.capacity !== beat.capacity ||
      previous.capabilities.join() !== beat.capabilities.join() ||
      !isLive(previous, this.newestSeenAt);
    return { applied: true, capacityChanged, restarted };
  }

  /** Forgets an agent (a tombstone on the heartbeat topic). */
  remove(agentId: string): void {
    this.agents.delete(agentId);
  }

  recordReputation(agentId: string, scores: readonly { capability: string; score: number }[]) {
    this.reputations.set(agentId, new Map(scores.map((s) => [s.capability, s.score])));
  }

  reputation(agentId: string, capability: string): number | undefined {
    return this.reputations.get(agentId)?.get(capability);
  }

  get(agentId: string): AgentRecord | undefined {
    return this.agents.get(agentId);
  }

  /** Every agent that has declared the capability, live or not. */
  declaring(capability: string): AgentRecord[] {
    return [...this.agents.values()].filter((a) => a.capabilities.includes(capability));
  }

  /** Whether any agent the roster knows has ever declared the capability. */
  declared(capability: string): boolean {
    for (const a of this.agents.values()) if (a.capabilities.includes(capability)) return true;
    return false;
  }

  all(): AgentRecord[] {
    return [...this.agents.values()];
  }

  get size(): number {
    return this.agents.size;
  }
}
