import type { TaskInput } from '@agora/contracts';

/** A refused command or URL; retrying will not help. */
export class NotAllowedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAllowedError';
  }
}

const normalise = (command: string) => command.trim().replace(/\s+/g, ' ');

/**
 * `params.command`, checked against the allow-list: an entry allows exactly that command (spaces
 * normalised), and an entry ending in ` *` allows its words followed by any arguments. Commands
 * run without a shell, so arguments cannot chain or redirect.
 */
export function allowedCommand(input: TaskInput, allowlist: readonly string[]): string {
  const raw = input.params['command'];
  if (typeof raw !== 'string' || !raw.trim()) {
    throw new NotAllowedError('input.params.command: expected a command string');
  }
  const command = normalise(raw);
  const allowed = allowlist
    .map(normalise)
    .some((entry) =>
      entry.endsWith(' *')
        ? command === entry.slice(0, -2) || command.startsWith(entry.slice(0, -1))
        : command === entry,
    );
  if (!allowed) {
    throw new NotAllowedError(
      `command '${command}' is not allow-listed (allowed: ${allowlist.join(', ') || 'none'})`,
    );
  }
  return command;
}

/**
 * `params.url`, an http(s) URL whose host and port are allow-listed. An entry `host` allows that
 * host on the scheme's default port only (80, 443); `host:port` allows that port. Host names
 * compare case-insensitively, as URLs do.
 */
export function allowedUrl(input: TaskInput, allowedHosts: readonly string[]): URL {
  const raw = input.params['url'];
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw new NotAllowedError(`input.params.url: '${String(raw)}' is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NotAllowedError(
      `input.params.url: only http and https are allowed, got ${url.protocol}`,
    );
  }
  // URL.host is lower-cased and carries the port only when it is not the scheme's default.
  if (!allowedHosts.some((entry) => entry.trim().toLowerCase() === url.host)) {
    throw new NotAllowedError(
      `host '${url.host}' is not allow-listed (allowed: ${allowedHosts.join(', ') || 'none'})`,
    );
  }
  return url;
}
