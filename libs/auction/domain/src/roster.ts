/**
 * Who is expected to answer a call for proposals. An agent counts as live while its latest
 * heartbeat says ONLINE and is younger than {@link LIVENESS_INTERVALS} of its own announced
 * interval: a missed beat or two is tolerated, a silent agent drops out without a goodbye.
 */

/** Heartbeat intervals an agent may stay silent before it no longer counts as live. */
export const LIVENESS_INTERVALS = 3;

export interface AgentView {
  agentId: string;
  capabilities: readonly string[];
  status: 'ONLINE' | 'DRAINING' | 'OFFLINE';
  /** When the latest heartbeat was produced, in ms since the epoch. */
  lastSeenAt: number;
  intervalMs: number;
}

export function isLive(agent: AgentView, now: number): boolean {
  return (
    agent.status === 'ONLINE' && now - agent.lastSeenAt <= LIVENESS_INTERVALS * agent.intervalMs
  );
}

/** Live agents that have the capability and are not excluded from the attempt. */
export function eligibleAgents(
  agents: readonly AgentView[],
  capability: string,
  excludedAgents: readonly string[],
  now: number,
): string[] {
  const excluded = new Set(excludedAgents);
  return agents
    .filter(
      (a) => !excluded.has(a.agentId) && a.capabilities.includes(capability) && isLive(a, now),
    )
    .map((a) => a.agentId);
}

/**
 * Whether a round can close before its deadline: every eligible agent has bid or refused. At least
 * one answer is required, so an empty or not-yet-loaded roster never closes a round at once.
 */
export function everyoneAnswered(
  eligible: readonly string[],
  answered: ReadonlySet<string>,
): boolean {
  return answered.size > 0 && eligible.every((id) => answered.has(id));
}
