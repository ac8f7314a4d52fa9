import { describe, expect, it } from 'vitest';
import { commandAllowed, hostAllowed, isLive, MAX_TRUSTED_INTERVAL_MS } from './agent-heartbeat';

describe('what a heartbeat’s allow-lists allow', () => {
  it('allows exact commands with spaces normalised, and `cmd *` with any arguments', () => {
    const list = ['uptime', 'df   -h', 'echo *'];
    expect(commandAllowed(' df -h ', list)).toBe(true);
    expect(commandAllowed('echo', list)).toBe(true);
    expect(commandAllowed('echo hello  there', list)).toBe(true);
    expect(commandAllowed('echoes', list)).toBe(false);
    expect(commandAllowed('ps aux', list)).toBe(false);
    expect(commandAllowed('uptime', [])).toBe(false);
  });

  it('allows a host on its scheme’s default port, host:port on that port, http(s) only', () => {
    const hosts = ['Status.Example.com', '127.0.0.1:8080'];
    expect(hostAllowed(new URL('https://status.example.com/health'), hosts)).toBe(true);
    expect(hostAllowed(new URL('https://status.example.com:8443/'), hosts)).toBe(false);
    expect(hostAllowed(new URL('http://127.0.0.1:8080/x'), hosts)).toBe(true);
    expect(hostAllowed(new URL('http://127.0.0.1/x'), hosts)).toBe(false);
    expect(hostAllowed(new URL('file://status.example.com/etc/passwd'), hosts)).toBe(false);
  });
});

describe('isLive', () => {
  const now = 1_000_000;
  it('is ONLINE and heard from within three intervals, long intervals read as 60 s', () => {
    expect(isLive({ status: 'ONLINE', intervalMs: 2_000, lastSeenAt: now - 6_000 }, now)).toBe(
      true,
    );
    expect(isLive({ status: 'ONLINE', intervalMs: 2_000, lastSeenAt: now - 6_001 }, now)).toBe(
      false,
    );
    expect(isLive({ status: 'DRAINING', intervalMs: 2_000, lastSeenAt: now }, now)).toBe(false);
    const boastful = { status: 'ONLINE' as const, intervalMs: 1e9 };
    expect(isLive({ ...boastful, lastSeenAt: now - 4 * MAX_TRUSTED_INTERVAL_MS }, now)).toBe(false);
  });
});
