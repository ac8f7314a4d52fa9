/** Rounds, leases and the words operators read when an auction gives up. */

/**
 * Wait before re-announcing after round `closedRound` closed without a bid: `baseMs` after the
 * first, then doubling, so a capability nobody has at the moment is not hammered.
 */
export function backoffDelayMs(closedRound: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, closedRound - 1);
}

export function unallocatableReason(args: {
  capability: string;
  rounds: number;
  liveAgents: number;
  excludedAgents: number;
}): string {
  const { capability, rounds, liveAgents, excludedAgents } = args;
  const roster =
    liveAgents === 0
      ? `no live agent has capability '${capability}'`
      : `${liveAgents} live ${liveAgents === 1 ? 'agent has' : 'agents have'} capability '${capability}' but none bid`;
  const excluded = excludedAgents > 0 ? ` (${excludedAgents} excluded from this attempt)` : '';
  return `no acceptable bid after ${rounds} ${rounds === 1 ? 'round' : 'rounds'}: ${roster}${excluded}`;
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
