import {
  newEnvelope,
  type AgentHeartbeat,
  type AgentStatus,
  type BidSubmitted,
  type CallForProposals,
  type TaskAwarded,
  type TaskCompleted,
  type TaskFailed,
  type TaskOutputDelta,
  type TaskProgress,
  type Usage,
} from '@agora/contracts';

/*
 * The events an agent sends, built one way for every agent whichever code hosts it (the
 * executor's agents, @agora/agent-sdk agents). Each is stamped with the agent's id as producer
 * service: readers (the auction, the planner, the evaluator) attribute events by agentId and
 * the envelope, and an agent recognises its own failures coming back by it.
 */

/** The agent that speaks, and the version of the code it runs. */
export interface Speaker {
  agentId: string;
  version: string;
}

/** How an agent answers a call: a bid, or a refusal with its reason. */
export type CallAnswer =
  | {
      decision: 'BID';
      cost: number;
      estimatedDurationMs: number;
      confidence: number;
      load: number;
    }
  | { decision: 'REFUSE'; reason: string; load: number };

/** Why an attempt ended without a result, as TaskFailed.code says it. */
export type AgentFailureCode = 'error' | 'timeout' | 'released';

function producer(speaker: Speaker) {
  return { service: speaker.agentId, version: speaker.version };
}

export function bidSubmitted(
  speaker: Speaker,
  incarnation: string,
  call: CallForProposals,
  answer: CallAnswer,
): BidSubmitted {
  return {
    envelope: newEnvelope({ producer: producer(speaker), causation: call }),
    taskId: call.taskId,
    attempt: call.attempt,
    round: call.round,
    agentId: speaker.agentId,
    decision: answer.decision,
    cost: answer.decision === 'BID' ? answer.cost : null,
    estimatedDurationMs: answer.decision === 'BID' ? answer.estimatedDurationMs : null,
    confidence: answer.decision === 'BID' ? answer.confidence : null,
    load: answer.load,
    refusalReason: answer.decision === 'REFUSE' ? answer.reason : null,
    incarnation,
  };
}

/** What an agent announces about itself in each heartbeat. */
export interface HeartbeatState {
  capabilities: readonly string[];
  capacity: number;
  activeTasks: number;
  status: AgentStatus;
  intervalMs: number;
  costPerTaskUsd: number | null;
  incarnation: string;
  allowedCommands?: readonly string[];
  allowedHosts?: readonly string[];
}

/**
 * Shortest gap between two heartbeats announcing a change of load. The auction counts slots from
 * its own leases, so load in heartbeats only keeps dashboards current; under a burst, a heartbeat
 * per started or finished task would be noise on the roster's topic.
 */
export const LOAD_CHANGE_EVERY_MS = 1_000;

export function agentHeartbeat(speaker: Speaker, state: HeartbeatState): AgentHeartbeat {
  return {
    envelope: newEnvelope({ producer: producer(speaker), goalId: null }),
    agentId: speaker.agentId,
    capabilities: [...state.capabilities],
    capacity: state.capacity,
    // The contract bounds activeTasks by capacity; an award won by two concurrent bids can
    // briefly exceed it, and the agent then reports itself full.
    activeTasks: state.status === 'OFFLINE' ? 0 : Math.min(state.activeTasks, state.capacity),
    status: state.status,
    intervalMs: state.intervalMs,
    costPerTaskUsd: state.costPerTaskUsd,
    incarnation: state.incarnation,
    allowedCommands: [...(state.allowedCommands ?? [])],
    allowedHosts: [...(state.allowedHosts ?? [])],
  };
}

/** A lease renewal, with progress (0..1) and a message when there is news. */
export function taskProgress(
  speaker: Speaker,
  award: TaskAwarded,
  progress: number | null,
  message: string | null,
  leaseExpiresAt: number,
): TaskProgress {
  return {
    envelope: newEnvelope({ producer: producer(speaker), causation: award }),
    taskId: award.taskId,
    attempt: award.attempt,
    agentId: award.agentId,
    progress,
    message,
    leaseExpiresAt,
  };
}

/**
 * A piece of the text the attempt's model is producing (turn `turn`, the `seq`th piece of the
 * attempt), for people watching the goal; a live view that no result depends on.
 */
export function taskOutputDelta(
  speaker: Speaker,
  award: TaskAwarded,
  piece: { seq: number; turn: number; text: string },
): TaskOutputDelta {
  return {
    envelope: newEnvelope({ producer: producer(speaker), causation: award }),
    taskId: award.taskId,
    attempt: award.attempt,
    agentId: award.agentId,
    seq: piece.seq,
    turn: piece.turn,
    text: piece.text,
  };
}

/** The result of an awarded attempt; `output` is the TaskOutput as JSON. */
export function taskCompleted(
  speaker: Speaker,
  award: TaskAwarded,
  output: string,
  usage: Usage,
): TaskCompleted {
  return {
    envelope: newEnvelope({ producer: producer(speaker), causation: award }),
    taskId: award.taskId,
    attempt: award.attempt,
    agentId: award.agentId,
    capability: award.capability,
    output,
    usage,
  };
}

/** The end of an awarded attempt without a result. */
export function taskFailed(
  speaker: Speaker,
  award: TaskAwarded,
  failure: { code: AgentFailureCode; reason: string; retriable: boolean },
  usage: Usage | null,
): TaskFailed {
  return {
    envelope: newEnvelope({ producer: producer(speaker), causation: award }),
    taskId: award.taskId,
    attempt: award.attempt,
    agentId: award.agentId,
    capability: award.capability,
    code: failure.code,
    reason: failure.reason,
    retriable: failure.retriable,
    usage,
  };
}

/** An attempt still running after this long says that it started (it then shows as running). */
export const STARTED_NOTICE_MS = 250;

/**
 * How often an attempt renews its lease: the configured period, but at least three times per
 * lease (the award says how long a lease lasts), so a short lease is never let lapse.
 */
export function renewalPeriodMs(award: TaskAwarded, configuredMs: number): number {
  return Math.max(100, Math.min(configuredMs, Math.floor(leaseLengthMs(award) / 3)));
}

/** How long one lease lasts: from the award (or a renewal) to its expiry. */
export function leaseLengthMs(award: TaskAwarded): number {
  return Math.max(1_000, award.leaseExpiresAt - award.envelope.occurredAt);
}
