import { readdir, readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds so far of the processes the swarm runs on but does not own: the Kafka broker,
 * PostgreSQL (every backend, and those already gone through the postmaster's children's time),
 * and the machine as a whole (every core's non-idle time). Read from /proc; empty off Linux.
 */
export interface StackCpu {
  kafka?: number;
  postgres?: number;
  machine?: number;
}

export async function stackCpu(): Promise<StackCpu> {
  const result: StackCpu = {};
  try {
    const stat = await readFile('/proc/stat', 'utf8');
    const cpu = stat.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: all but idle and iowait were busy.
    const busy = cpu.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
    result.machine = busy / TICKS_PER_SECOND;
  } catch {
    return result;
  }
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const [cmdline, stat] = await Promise.all([
      readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
    ]);
    if (!stat) continue;
    // Fields after the command's closing parenthesis: state is 3rd, utime the 14th…cstime the 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const children = (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (cmdline.includes('kafka.Kafka')) result.kafka = (result.kafka ?? 0) + own;
    else if (comm === 'postgres') {
      // The postmaster's children's time holds the backends that have exited.
      const postmaster = !cmdline.startsWith('postgres:');
      result.postgres = (result.postgres ?? 0) + own + (postmaster ? children : 0);
    }
  }
  return result;
}

/** `after - before` per field present in both. */
export function cpuBetween(before: StackCpu, after: StackCpu): StackCpu {
  const delta: StackCpu = {};
  for (const key of ['kafka', 'postgres', 'machine'] as const) {
    const a = after[key];
    const b = before[key];
    if (a !== undefined && b !== undefined) delta[key] = a - b;
  }
  return delta;
}
