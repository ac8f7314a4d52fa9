import type { Roster } from './roster';
import { undeclaredReason, waitExceededReason } from './rounds';

/**
 * When waiting ends without an award. Waiting is not failing: a task that no agent can take now
 * waits, however long, unless one of these holds:
 *
 * - `wait_exceeded`: it has waited at least its goal's maxWaitMs;
 * - `unallocatable`: no agent has ever declared its capability, and the roster has been complete
 *   for ROSTER_SETTLE_MS (before that the agent may simply not have announced itself yet).
 *
 * The goal's deadline and its cost or task budget end a wait too, but those are the planner's
 * call (it fails the goal); the auction does not judge them.
 */

/** What deciding a wait needs to know about the attempt. */
export interface WaitingTask {
  capability: string;
  /** When the attempt became ready: the wait is measured from here. */
  readyAt: number;
  /** The goal's longest wait for an agent; null for no limit. */
  maxWaitMs: number | null;
  /** Why it waits, as last announced; quoted in the failure. */
  waitingReason: string | null;
}

export interface WaitContext {
  now: number;
  roster: Pick<Roster, 'declared'>;
  /** Whether the roster has been complete for ROSTER_SETTLE_MS. */
  rosterSettled: boolean;
}

export interface WaitFailure {
  code: 'wait_exceeded' | 'unallocatable';
  /** For TaskFailed and the auction's row, in words an operator can act on. */
  reason: string;
}

/**
 * Why a waiting attempt fails now, or null while it may go on waiting. A wait past maxWaitMs is
 * reported as such even when the capability is also undeclared: the limit the goal set comes first.
 */
export function waitFailure(task: WaitingTask, context: WaitContext): WaitFailure | null {
  const waitedMs = context.now - task.readyAt;
  if (task.maxWaitMs !== null && waitedMs >= task.maxWaitMs) {
    return {
      code: 'wait_exceeded',
      reason: waitExceededReason({
        capability: task.capability,
        maxWaitMs: task.maxWaitMs,
        waitedMs,
        lastReason: task.waitingReason,
      }),
    };
  }
  if (neverDeclared(task.capability, context)) {
    return { code: 'unallocatable', reason: undeclaredReason(task.capability) };
  }
  return null;
}

/**
 * Whether no agent has ever declared the capability, judged only once the roster has settled:
 * before that the answer is always false.
 */
export function neverDeclared(
  capability: string,
  context: Pick<WaitContext, 'roster' | 'rosterSettled'>,
): boolean {
  return context.rosterSettled && !context.roster.declared(capability);
}

/** Of these capabilities, those that {@link neverDeclared} says no agent has ever declared. */
export function undeclaredCapabilities(
  capabilities: Iterable<string>,
  context: Pick<WaitContext, 'roster' | 'rosterSettled'>,
): string[] {
  return [...capabilities].filter((c) => neverDeclared(c, context));
}
