/**
 * Which calls for proposals an agent answers, and which it must refuse before it thinks about a
 * price: the part of the Contract-Net answer every agent gives alike, whichever code runs it (the
 * executor's agents, @agora/agent-sdk agents). Agents in other languages follow the same rules
 * (docs: README, "How a goal runs").
 */

/** The part of a call for proposals that decides whether and how an agent answers. */
export interface CallSummary {
  capability: string;
  excludedAgents: readonly string[];
  /** Agents asked to answer; empty for an open call to every agent with the capability. */
  invitedAgents: readonly string[];
  bidDeadline: number;
}

/** An agent's state when it answers. */
export interface AgentState {
  activeTasks: number;
  draining: boolean;
}

/** The agent the call is screened for. */
export interface ScreenedAgent {
  id: string;
  capabilities: readonly string[];
  capacity: number;
}

/**
 * A call whose deadline passed this long ago is not answered: its round closed long since, and
 * a process reading a backlog (after a restart) would otherwise flood the auction with answers.
 * A call read a little late is still answered: the round may well be open, since the auction
 * closes a round at its deadline only once it has read the answers sent before it.
 */
export const STALE_CALL_MS = 30_000;

/** The answer decided before pricing, or `open` when the agent may bid. */
export type CallScreening =
  /** No answer at all: the call is not for this agent, or long over. */
  | { decision: 'IGNORE'; reason: string }
  | { decision: 'REFUSE'; reason: string; load: number }
  | { decision: 'open'; load: number };

/** An agent's load, 0 (idle) to 1 (every slot taken), as BidSubmitted.load reports it. */
export function loadOf(agent: { capacity: number }, activeTasks: number): number {
  return Math.min(1, Math.max(0, activeTasks / agent.capacity));
}

/**
 * A call that does not concern the agent (another capability, or an invitation to other agents)
 * gets no answer at all, so messages per task do not grow with the agents that cannot do it. An
 * invited agent refuses, with the reason, when it is draining, excluded from the attempt or
 * full, so the round can close at once; otherwise the call is open to a bid.
 */
export function screenCall(
  agent: ScreenedAgent,
  state: AgentState,
  call: CallSummary,
  now: number,
): CallScreening {
  const load = loadOf(agent, state.activeTasks);
  if (!agent.capabilities.includes(call.capability)) {
    return { decision: 'IGNORE', reason: `no capability ${call.capability}` };
  }
  if (call.invitedAgents.length > 0 && !call.invitedAgents.includes(agent.id)) {
    return { decision: 'IGNORE', reason: 'not invited' };
  }
  if (now - call.bidDeadline > STALE_CALL_MS) {
    return { decision: 'IGNORE', reason: 'call is long over' };
  }
  if (state.draining) return { decision: 'REFUSE', reason: 'agent is shutting down', load };
  if (call.excludedAgents.includes(agent.id)) {
    return { decision: 'REFUSE', reason: 'excluded from this attempt', load };
  }
  if (state.activeTasks >= agent.capacity) {
    return {
      decision: 'REFUSE',
      reason: `at capacity (${state.activeTasks}/${agent.capacity} tasks)`,
      load,
    };
  }
  return { decision: 'open', load };
}
