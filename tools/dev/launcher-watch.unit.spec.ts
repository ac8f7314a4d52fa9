import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchersOf, parentOf } from './launcher-watch';

/** A fake /proc: pid → [ppid, comm]. */
function fakeProc(table: Record<number, [number, string]>): string {
  const root = mkdtempSync(join(tmpdir(), 'proc-'));
  for (const [pid, [ppid, comm]] of Object.entries(table)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'stat'), `${pid} (${comm}) S ${ppid} 1 1 0 -1`);
    writeFileSync(join(root, pid, 'comm'), `${comm}\n`);
  }
  return root;
}

describe('launchersOf', () => {
  it('walks up to and including npm, the process that forgets to pass signals on', () => {
    const proc = fakeProc({
      40: [30, 'node'],
      30: [20, 'node'],
      20: [10, 'sh'],
      10: [5, 'npm start'],
      5: [1, 'bash'],
    });
    expect(launchersOf(40, 4, proc)).toEqual([30, 20, 10]);
  });

  it('watches only the parent when no npm launched it, and never init', () => {
    const proc = fakeProc({ 40: [30, 'node'], 30: [5, 'bash'], 5: [1, 'sshd'] });
    expect(launchersOf(40, 4, proc)).toEqual([30]);
    expect(launchersOf(5, 4, proc)).toEqual([]);
  });

  it('reads the parent after the command name, which may hold spaces and parentheses', () => {
    const proc = fakeProc({ 7: [3, 'a (weird) name'] });
    expect(parentOf(7, proc)).toBe(3);
    expect(parentOf(8, proc)).toBeUndefined();
  });

  it('finds this test process on the real /proc', () => {
    expect(parentOf(process.pid)).toBe(process.ppid);
  });
});
