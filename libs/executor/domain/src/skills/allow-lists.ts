import { commandAllowed, hostAllowed, normaliseCommand, type TaskInput } from '@agora/contracts';

/** A refused command or URL; retrying will not help. */
export class NotAllowedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAllowedError';
  }
}

/**
 * `params.command`, checked against the allow-list (see commandAllowed in @agora/contracts: the
 * planner checks plans against the lists agents report with the same rule).
 */
export function allowedCommand(input: TaskInput, allowlist: readonly string[]): string {
  return checkCommand(input.params['command'], allowlist);
}

/** A command (as a skill passes it), checked against the allow-list. */
export function checkCommand(raw: unknown, allowlist: readonly string[]): string {
  if (typeof raw !== 'string' || !raw.trim()) {
    throw new NotAllowedError('input.params.command: expected a command string');
  }
  const command = normaliseCommand(raw);
  if (!commandAllowed(command, allowlist)) {
    throw new NotAllowedError(
      `command '${command}' is not allow-listed (allowed: ${allowlist.join(', ') || 'none'})`,
    );
  }
  return command;
}

/**
 * `params.url`, an http(s) URL whose host and port are allow-listed (see hostAllowed in
 * @agora/contracts).
 */
export function allowedUrl(input: TaskInput, allowedHosts: readonly string[]): URL {
  return checkUrl(input.params['url'], allowedHosts);
}

/** A URL (as a skill passes it), checked against the allowed hosts. */
export function checkUrl(raw: unknown, allowedHosts: readonly string[]): URL {
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
  if (!hostAllowed(url, allowedHosts)) {
    throw new NotAllowedError(
      `host '${url.host}' is not allow-listed (allowed: ${allowedHosts.join(', ') || 'none'})`,
    );
  }
  return url;
}
