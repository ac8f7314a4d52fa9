import { isLive, type AgentRecord, type Roster } from './roster';

/**
 * Capacity, the resource auctions hand out. An agent's slots are its announced capacity; a slot
 * is taken by every active lease the auction granted it (authoritative, lag-free: the auction
 * wrote them) and by every open round that may still award it. Calls go only to agents with a
 * free slot, and no more rounds are opened for a capability than it has free slots, so a burst
 * queues in the auction, in order of priority then age, instead of flooding agents with calls
 * they must refuse.
 */

/** How the agents of one capability stand, for one task attempt. */
export interface CapacityView {
  capability: string;
  /** Agents that have declared the capability, live or not. */
  declared: number;
  /** Live, ONLINE agents with the capability that the attempt does not exclude. */
  live: number;
  /** Slots of those live agents. */
  slots: number;
  /** Of those slots, how many are free (no active lease). */
  free: number;
  /** Live agents with at least one free slot: the ones that may be invited. */
  invitees: string[];
  /** Free slots of each of them. */
  room: ReadonlyMap<string, number>;
  /** Agents excluded from the attempt that would otherwise count. */
  excluded: number;
}

export function capacityOf(
  roster: Roster,
  capability: string,
  leases: ReadonlyMap<string, number>,
  clock: number,
  excludedAgents: readonly string[] = [],
): CapacityView {
  const excludedSet = new Set(excludedAgents);
  const declaring = roster.declaring(capability);
  const live = declaring.filter((a) => isLive(a, clock));
  const eligible = live.filter((a) => !excludedSet.has(a.agentId));
  let slots = 0;
  let free = 0;
  const invitees: string[] = [];
  const roomByAgent = new Map<string, number>();
  for (const agent of eligible) {
    const room = roomOf(agent, leases);
    slots += agent.capacity;
    free += room;
    if (room > 0) {
      invitees.push(agent.agentId);
      roomByAgent.set(agent.agentId, room);
    }
  }
  return {
    capability,
    declared: declaring.length,
    live: eligible.length,
    slots,
    free,
    invitees: invitees.sort(),
    room: roomByAgent,
    excluded: live.length - eligible.length,
  };
}

/**
 * Whom to call for one round, at most `max`: the agents with the most room first (counting the
 * rounds already opened for them in this dispatch, each shared among its invitees), then the best
 * reputation, then an order that varies by task, so equal agents share the work. Asking a few
 * agents is enough to compare offers; asking every agent that could do it makes messages per task
 * grow with the swarm and rounds wait for the slowest answer.
 */
export function chooseInvitees(
  view: Pick<CapacityView, 'invitees' | 'room'>,
  taskId: string,
  max: number,
  reputationOf: (agentId: string) => number | undefined,
  tentative: Map<string, number>,
): string[] {
  const ranked = view.invitees
    .map((agentId) => ({
      agentId,
      room: (view.room.get(agentId) ?? 0) - (tentative.get(agentId) ?? 0),
      reputation: reputationOf(agentId) ?? 0.5,
      spread: spreadOf(taskId, agentId),
    }))
    .sort((a, b) => b.room - a.room || b.reputation - a.reputation || a.spread - b.spread);
  const chosen = ranked.slice(0, Math.max(1, max)).map((r) => r.agentId);
  for (const agentId of chosen) {
    tentative.set(agentId, (tentative.get(agentId) ?? 0) + 1 / chosen.length);
  }
  return chosen.sort();
}

/** A stable pseudo-random number per task and agent (FNV-1a), to break ties fairly. */
function spreadOf(taskId: string, agentId: string): number {
  let h = 2166136261;
  for (const ch of `${taskId}/${agentId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** Free slots of an agent: its capacity minus the leases it holds. */
export function roomOf(
  agent: Pick<AgentRecord, 'agentId' | 'capacity'>,
  leases: ReadonlyMap<string, number>,
): number {
  return Math.max(0, agent.capacity - (leases.get(agent.agentId) ?? 0));
}

/**
 * How many more rounds may open for a capability now: its free slots (counted without
 * exclusions) minus the rounds already open for it.
 */
export function dispatchBudget(view: Pick<CapacityView, 'free'>, openRounds: number): number {
  return Math.max(0, view.free - openRounds);
}

const agents = (n: number) => `${n} ${n === 1 ? 'agent' : 'agents'}`;

/** Why an attempt waits, in words an operator can act on. */
export function waitingReason(view: CapacityView, queuedAhead = 0): string {
  const c = `'${view.capability}'`;
  if (view.declared === 0) return `no agent has declared capability ${c}`;
  if (view.live === 0 && view.excluded > 0) {
    return `every live agent with capability ${c} is excluded from this attempt (${view.excluded} excluded)`;
  }
  if (view.live === 0) {
    return `no live agent has capability ${c} (${agents(view.declared)} declared it and stopped)`;
  }
  if (view.free === 0) {
    return `${agents(view.live)} ${view.live === 1 ? 'has' : 'have'} capability ${c} and all are busy (${view.slots} of ${view.slots} slots taken)`;
  }
  return `queued behind ${queuedAhead} ${queuedAhead === 1 ? 'task' : 'tasks'} for capability ${c} (${view.free} of ${view.slots} slots free, all being auctioned)`;
}

/** Why a round closed without an award. */
export function noAwardReason(args: {
  capability: string;
  round: number;
  invited: number;
  bids: number;
  refusals: number;
  full: number;
}): string {
  const { capability, round, invited, bids, refusals, full } = args;
  const silent = Math.max(0, invited - bids - refusals);
  const parts = [
    `${agents(invited)} invited`,
    ...(bids > 0
      ? [`${bids} bid but ${full === bids ? 'all were' : `${full} were`} at capacity`]
      : []),
    ...(refusals > 0 ? [`${refusals} refused`] : []),
    ...(silent > 0 ? [`${silent} did not answer`] : []),
  ];
  return `no acceptable bid for '${capability}' in round ${round}: ${parts.join(', ')}`;
}
