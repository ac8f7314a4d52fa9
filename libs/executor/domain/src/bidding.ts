import type { AgentDefinition } from './agent-definition';

/** What an agent has learnt about itself for one capability. */
export interface CapabilityStats {
  /** Exponentially weighted mean of past durations; null before the first completion. */
  ewmaDurationMs: number | null;
  /** Attempts that ended well: completed and, once evaluated, accepted. */
  successes: number;
  /** Attempts that failed at the agent's fault or were rejected. */
  failures: number;
}

/** The part of a call for proposals that decides the answer. */
export interface CallSummary {
  capability: string;
  excludedAgents: readonly string[];
  /** Agents asked to answer; empty for an open call to every agent with the capability. */
  invitedAgents: readonly string[];
  bidDeadline: number;
}

/**
 * A call whose deadline passed this long ago is not answered: its round closed long since, and
 * a process reading a backlog (after a restart) would otherwise flood the auction with answers.
 * A call read a little late is still answered: the round may well be open, since the auction
 * closes a round at its deadline only once it has read the answers sent before it.
 */
export const STALE_CALL_MS = 30_000;

/** An agent's state when it answers. */
export interface AgentState {
  activeTasks: number;
  draining: boolean;
}

export type BidDecision =
  | {
      decision: 'BID';
      cost: number;
      estimatedDurationMs: number;
      confidence: number;
      load: number;
    }
  | { decision: 'REFUSE'; reason: string; load: number }
  /** No answer at all: the call is not for this agent, or long over. */
  | { decision: 'IGNORE'; reason: string };

/** Weight of the newest duration in the running mean. */
export const DURATION_EWMA_ALPHA = 0.3;

/**
 * Prior of the confidence estimate, as pseudo-counts of successes and failures: an agent without
 * history bids with 0.8, and a handful of outcomes move it noticeably.
 */
const PRIOR_SUCCESSES = 4;
const PRIOR_FAILURES = 1;

export function loadOf(agent: Pick<AgentDefinition, 'capacity'>, activeTasks: number): number {
  return Math.min(1, Math.max(0, activeTasks / agent.capacity));
}

export function priceOf(agent: AgentDefinition, capability: string): number {
  const factor = agent.cost.capabilityFactor[capability] ?? 1;
  return Math.round(agent.cost.basePerTaskUsd * factor * 1e6) / 1e6;
}

export function confidenceOf(stats: CapabilityStats | undefined): number {
  const successes = stats?.successes ?? 0;
  const failures = stats?.failures ?? 0;
  const value =
    (successes + PRIOR_SUCCESSES) / (successes + failures + PRIOR_SUCCESSES + PRIOR_FAILURES);
  return Math.round(value * 1000) / 1000;
}

/** The new running mean after one more duration. */
export function nextEwma(previous: number | null, durationMs: number, alpha = DURATION_EWMA_ALPHA) {
  return previous === null ? durationMs : alpha * durationMs + (1 - alpha) * previous;
}

/**
 * Contract-Net answer of one agent. A call that does not concern it (another capability, or an
 * invitation to other agents) gets no answer at all, so messages per task do not grow with the
 * agents that cannot do it. An invited agent bids when it is not excluded, not draining and has
 * a free slot, and otherwise refuses with the reason, so the round can close at once.
 */
export function decideBid(
  agent: AgentDefinition,
  state: AgentState,
  call: CallSummary,
  stats: CapabilityStats | undefined,
  now: number,
): BidDecision {
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
  return {
    decision: 'BID',
    cost: priceOf(agent, call.capability),
    estimatedDurationMs: Math.round(stats?.ewmaDurationMs ?? agent.defaultDurationMs),
    confidence: confidenceOf(stats),
    load,
  };
}
