import {
  capacityOf,
  chooseInvitees,
  dispatchBudget,
  waitingReason,
  type CapacityView,
} from './allocation';
import type { Roster } from './roster';
import { undeclaredReason } from './rounds';
import { neverDeclared } from './wait-decisions';

/**
 * Dispatch: which waiting attempts get a call for bids, whom each call invites, and why the
 * others wait. It runs in two pure steps around one read: {@link planDispatch} says how many
 * waiting attempts to claim per capability (its free slots minus the rounds already open for it),
 * the caller claims them (best first: priority, then age), and {@link decideDispatch} decides each
 * claimed attempt and each arrival of the same transaction.
 *
 * Determinism: decisions follow the order of the plans and, within a capability, the claimed
 * attempts in the order given, then the arrivals. Invitees depend on that order only through the
 * rounds already opened in the same dispatch (see chooseInvitees), so equal input gives equal calls.
 */

/** What dispatch needs to know about an attempt that waits. */
export interface WaitingAttempt {
  taskId: string;
  attempt: number;
  capability: string;
  excludedAgents: readonly string[];
  /** The reason last announced with TaskWaiting; null before the first. */
  waitingReason: string | null;
  /** No call before this time (a backoff after a round without an award). */
  notBefore: number;
}

/** What to do for one capability: claim up to `budget` waiting attempts, or fail its arrivals. */
export type DispatchPlan =
  | { kind: 'claim'; capability: string; budget: number }
  | { kind: 'unallocatable'; capability: string };

/** Shared by both steps: the roster, the active leases per agent, and the time. */
export interface DispatchState {
  roster: Roster;
  leases: ReadonlyMap<string, number>;
  /** Wall-clock time; the roster's clock is derived from it. */
  now: number;
}

/**
 * One plan per capability, in the order given. A capability that no agent has ever declared, once
 * the roster has settled (complete for ROSTER_SETTLE_MS), is unallocatable: its arrivals fail at
 * once. Before that such a task waits, as the agent may not have announced itself yet.
 */
export function planDispatch(
  input: DispatchState & {
    capabilities: Iterable<string>;
    /** Rounds open per capability: each may still take a slot. */
    openRounds: ReadonlyMap<string, number>;
    rosterSettled: boolean;
  },
): DispatchPlan[] {
  const clock = input.roster.clock(input.now);
  return [...input.capabilities].map((capability): DispatchPlan => {
    if (neverDeclared(capability, input)) return { kind: 'unallocatable', capability };
    const view = capacityOf(input.roster, capability, input.leases, clock);
    return {
      kind: 'claim',
      capability,
      budget: dispatchBudget(view, input.openRounds.get(capability) ?? 0),
    };
  });
}

/** What happens to one attempt in a dispatch. */
export type DispatchDecision<A> =
  | { kind: 'call'; auction: A; invitees: string[] }
  | {
      kind: 'wait';
      auction: A;
      reason: string;
      /** The reason differs from the one last announced: publish TaskWaiting. */
      announce: boolean;
      notBefore: number;
      /** The attempt's view of its capability, for TaskWaiting. */
      view: CapacityView;
    }
  | { kind: 'fail'; auction: A; code: 'unallocatable'; reason: string };

export interface DispatchInput<A extends WaitingAttempt> extends DispatchState {
  plans: readonly DispatchPlan[];
  /** The attempts claimed for each capability with a `claim` plan, best first. */
  claimed: ReadonlyMap<string, readonly A[]>;
  /** Attempts recorded in the same transaction: each is called, failed or announced as waiting. */
  arrivals: readonly A[];
  /** Most agents invited to one call. */
  maxInvitees: number;
  /** Pause before a claimed attempt that nobody may be invited for is tried again. */
  roundBackoffMs: number;
}

const keyOf = (a: Pick<WaitingAttempt, 'taskId' | 'attempt'>) => `${a.taskId}#${a.attempt}`;

/**
 * Decides each claimed attempt (a call inviting the agents with room that it does not exclude, or,
 * when there are none, a wait with a short backoff so others go first) and each arrival that was
 * not called (a wait, announced). Arrivals of an unallocatable capability fail.
 */
export function decideDispatch<A extends WaitingAttempt>(
  input: DispatchInput<A>,
): DispatchDecision<A>[] {
  const { roster, leases, now } = input;
  const clock = roster.clock(now);
  const viewOf = (a: A) => capacityOf(roster, a.capability, leases, clock, a.excludedAgents);
  const wait = (
    auction: A,
    view: CapacityView,
    notBefore: number,
    announced: string | null,
  ): DispatchDecision<A> => {
    const reason = waitingReason(view);
    return { kind: 'wait', auction, reason, announce: reason !== announced, notBefore, view };
  };
  // Rounds opened in this dispatch per agent, shared by the calls so they spread over agents.
  const tentative = new Map<string, number>();
  const called = new Set<string>();
  const decisions: DispatchDecision<A>[] = [];
  for (const plan of input.plans) {
    const arrivals = input.arrivals.filter((a) => a.capability === plan.capability);
    if (plan.kind === 'unallocatable') {
      const reason = undeclaredReason(plan.capability);
      for (const auction of arrivals)
        decisions.push({ kind: 'fail', auction, code: 'unallocatable', reason });
      continue;
    }
    for (const auction of input.claimed.get(plan.capability) ?? []) {
      const view = viewOf(auction);
      if (view.invitees.length === 0) {
        // Free slots exist, but not for this attempt (its exclusions): let others go first.
        decisions.push(wait(auction, view, now + input.roundBackoffMs, auction.waitingReason));
        continue;
      }
      const invitees = chooseInvitees(
        view,
        auction.taskId,
        input.maxInvitees,
        (agentId) => roster.reputation(agentId, plan.capability),
        tentative,
      );
      decisions.push({ kind: 'call', auction, invitees });
      called.add(keyOf(auction));
    }
    for (const auction of arrivals) {
      if (called.has(keyOf(auction))) continue;
      // An arrival has announced nothing yet, so its wait is always announced.
      decisions.push(wait(auction, viewOf(auction), auction.notBefore, null));
    }
  }
  return decisions;
}
