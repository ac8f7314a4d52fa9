import { readFileSync } from 'node:fs';

/**
 * `npm start` runs this script as npm → sh → tsx → node. npm passes SIGINT and SIGTERM to the
 * shell alone, which passes neither on (SIGTERM ends it, SIGINT it ignores while it waits), so the
 * script in package.json starts with `exec`: the shell becomes tsx, which relays both to this
 * process. A launcher that ends without a signal reaching this process (npm killed with SIGKILL,
 * a crash) would still leave the services running, orphaned; so the script also watches the
 * processes that launched it and stops its services when one of them is gone.
 */

/** The parent pid of `pid`, from /proc (Linux); undefined where /proc is missing. */
export function parentOf(pid: number, procRoot = '/proc'): number | undefined {
  try {
    const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …; comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** The command name of `pid` (e.g. `npm`, `sh`, `node`), from /proc. */
export function commandOf(pid: number, procRoot = '/proc'): string | undefined {
  try {
    return readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * The launchers of `pid`: its ancestors up to and including the first `npm` one (npm names its
 * process `npm <script>`), at most `depth` of them, never init. Without npm among them (the script
 * run directly), only the parent.
 */
export function launchersOf(pid: number, depth = 4, procRoot = '/proc'): number[] {
  const chain: number[] = [];
  for (let p = parentOf(pid, procRoot); p !== undefined && p > 1 && chain.length < depth;) {
    chain.push(p);
    if (commandOf(p, procRoot)?.startsWith('npm')) return chain;
    p = parentOf(p, procRoot);
  }
  return chain.slice(0, 1);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Calls `onGone` once, when any launcher of this process has exited; returns a stop function. */
export function watchLaunchers(onGone: (pid: number) => void, everyMs = 500): () => void {
  const launchers = launchersOf(process.pid);
  const timer = setInterval(() => {
    const gone = launchers.find((pid) => !alive(pid));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
