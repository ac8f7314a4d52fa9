import { loadOf, screenCall, type AgentState, type CallSummary } from '@agora/contracts';
import type { AgentDefinition } from './agent-definition';

// Which calls an agent answers and which it refuses is the same rule for every agent.
export { loadOf, type AgentState, type CallSummary };

/** What an agent has learnt about itself for one capability. */
export interface CapabilityStats {
  /** Exponentially weighted mean of past durations; null before the first completion. */
  ewmaDurationMs: number | null;
  /** Attempts that ended well: completed and, once evaluated, accepted. */
  successes: number;
  /** Attempts that failed at the agent's fault or were rejected. */
  failures: number;
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

/**
 * Tokens a model-driven agent expects one task to take, to price its bid before it knows: a
 * rough, fixed guess (a few tool rounds of a short prompt), not a measurement.
 */
export const ESTIMATED_TASK_TOKENS = { input: 4_000, output: 1_000 };

/** What the agent's cost model asks for a task, model use aside. */
export function basePriceOf(agent: AgentDefinition, capability: string): number {
  const factor = agent.cost.capabilityFactor[capability] ?? 1;
  return Math.round(agent.cost.basePerTaskUsd * factor * 1e6) / 1e6;
}

/**
 * The bid's price: the cost model, plus, for an agent with its own model, what the model is
 * expected to cost for one task at its prices, so a cheaper model bids lower. What a task
 * finally costs counts the model's actual use instead of this estimate.
 */
export function priceOf(agent: AgentDefinition, capability: string): number {
  const model = agent.model
    ? (ESTIMATED_TASK_TOKENS.input / 1000) * agent.model.priceInputPer1k +
      (ESTIMATED_TASK_TOKENS.output / 1000) * agent.model.priceOutputPer1k
    : 0;
  return Math.round((basePriceOf(agent, capability) + model) * 1e6) / 1e6;
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
 * Contract-Net answer of one agent: the shared screening (see `screenCall` in @agora/contracts)
 * decides whether it answers at all and whether it must refuse; an open call gets a bid priced
 * from the agent's cost model and what it has learnt.
 */
export function decideBid(
  agent: AgentDefinition,
  state: AgentState,
  call: CallSummary,
  stats: CapabilityStats | undefined,
  now: number,
): BidDecision {
  const screening = screenCall(agent, state, call, now);
  if (screening.decision !== 'open') return screening;
  return {
    decision: 'BID',
    cost: priceOf(agent, call.capability),
    estimatedDurationMs: Math.round(stats?.ewmaDurationMs ?? agent.defaultDurationMs),
    confidence: confidenceOf(stats),
    load: screening.load,
  };
}
