/**
 * What an AgentHeartbeat's fields mean, for every service that reads the roster: when an agent
 * counts as live, and what its allow-lists allow. The executor enforces the allow-lists; the
 * planner refuses a plan no live agent would run. Both read them through these functions, so the
 * two can never disagree about a command.
 */

/** Heartbeat intervals an agent may stay silent before it no longer counts as live. */
export const LIVENESS_INTERVALS = 3;

/**
 * The longest heartbeat interval a reader believes. An agent announcing a longer one (by
 * mistake or malice) would otherwise count as live long after it stopped.
 */
export const MAX_TRUSTED_INTERVAL_MS = 60_000;

/** The parts of an agent's latest heartbeat that decide whether it is live. */
export interface HeartbeatLiveness {
  status: 'ONLINE' | 'DRAINING' | 'OFFLINE';
  intervalMs: number;
  /** When the latest heartbeat was produced (its envelope's occurredAt). */
  lastSeenAt: number;
}

/**
 * Live: the latest heartbeat says ONLINE and is younger than {@link LIVENESS_INTERVALS} of the
 * agent's own interval, measured against `clock` (a reader's roster clock, see the auction's
 * Roster, or the wall clock).
 */
export function isLive(agent: HeartbeatLiveness, clock: number): boolean {
  const interval = Math.min(agent.intervalMs, MAX_TRUSTED_INTERVAL_MS);
  return agent.status === 'ONLINE' && clock - agent.lastSeenAt <= LIVENESS_INTERVALS * interval;
}

/** A command as it is compared and run: trimmed, runs of white space made one space. */
export function normaliseCommand(command: string): string {
  return command.trim().replace(/\s+/g, ' ');
}

/**
 * Whether an allow-list (`allowedCommands`, the executor's SHELL_ALLOWLIST) allows a command: an
 * entry allows exactly that command (spaces normalised), and an entry ending in ` *` allows its
 * words followed by any arguments. Commands run without a shell, so arguments cannot chain or
 * redirect.
 */
export function commandAllowed(command: string, allowlist: readonly string[]): boolean {
  const wanted = normaliseCommand(command);
  return allowlist
    .map(normaliseCommand)
    .some((entry) =>
      entry.endsWith(' *')
        ? wanted === entry.slice(0, -2) || wanted.startsWith(entry.slice(0, -1))
        : wanted === entry,
    );
}

/**
 * Whether an allow-list of hosts (`allowedHosts`, the executor's HTTP_ALLOWLIST) allows a URL:
 * an entry `host` allows that host on the scheme's default port only (80, 443); `host:port`
 * allows that port. Host names compare case-insensitively, as URLs do. Only http and https are
 * ever allowed.
 */
export function hostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // URL.host is lower-cased and carries the port only when it is not the scheme's default.
  return allowedHosts.some((entry) => entry.trim().toLowerCase() === url.host);
}
