/** Rounds, leases and the words operators read when an auction gives up. */

/**
 * Wait before calling again for an attempt whose round `closedRound` ended without an award,
 * unless capacity changes first: `baseMs` after the first, doubling, at most `maxMs`, so agents
 * that keep refusing are not asked again and again within milliseconds.
 */
export function backoffDelayMs(closedRound: number, baseMs: number, maxMs = 5_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, closedRound - 1));
}

/**
 * The bid window of round `round`: `baseMs` for the first, doubling for each later round, at most
 * 16 times as long. A round that closed empty because invited agents stayed silent (a busy
 * machine, a consumer behind) gives them longer the next time, so a slow swarm converges instead
 * of calling again and again into the same too-short window.
 */
export function bidWindowOf(round: number, baseMs: number): number {
  return baseMs * 2 ** Math.min(4, Math.max(0, round - 1));
}

/** The attempt fails at once: nobody has ever offered the capability. */
export function undeclaredReason(capability: string): string {
  return `no agent has ever declared capability '${capability}'; add an agent with it, or fix the step's capability`;
}

/** The attempt waited longer than its goal allows. */
export function waitExceededReason(args: {
  capability: string;
  maxWaitMs: number;
  waitedMs: number;
  lastReason: string | null;
}): string {
  const why = args.lastReason ? `: ${args.lastReason}` : '';
  return (
    `waited ${args.waitedMs} ms for an agent with capability '${args.capability}', more than ` +
    `the goal's maxWaitMs of ${args.maxWaitMs} ms${why}`
  );
}

/** The lease holder's process restarted: the run that held the lease is gone. */
export function restartedReason(args: { agentId: string; taskName: string }): string {
  return `agent '${args.agentId}' restarted while working on '${args.taskName}'; the attempt is released for another agent`;
}

export function leaseExpiredReason(args: {
  agentId: string;
  taskName: string;
  leaseExpiresAt: number;
  now: number;
}): string {
  const late = Math.max(0, args.now - args.leaseExpiresAt);
  return (
    `agent '${args.agentId}' sent no progress or result for '${args.taskName}' before its lease ` +
    `expired at ${new Date(args.leaseExpiresAt).toISOString()} (noticed ${late} ms later)`
  );
}

/** Longest input summary sent with a call for proposals; the full input goes only to the winner. */
export const INPUT_SUMMARY_MAX = 280;

/** A short description of a task's input for bidders, or null when there is nothing to say. */
export function summarizeInput(input: string, max = INPUT_SUMMARY_MAX): string | null {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text === '' || text === '{}' || text === 'null') return null;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
