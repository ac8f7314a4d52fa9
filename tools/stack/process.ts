import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

import { sleep } from './reporter';

/** A long-running component we start detached and later find again through its pid file. */
export interface ManagedProcess {
  name: string;
  pidFile: string;
  logFile: string;
  /**
   * Strings that must all appear in the process's command line before we treat a pid as ours:
   * pids are reused, and a stale pid file must never make us kill someone else's process.
   */
  markers: readonly string[];
}

export type PidState =
  | { kind: 'running'; pid: number }
  | { kind: 'stale'; pid: number; reason: string }
  | { kind: 'none' };

export async function readPidFile(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await fsp.readFile(file, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function writePidFile(file: string, pid: number): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, `${pid}\n`);
}

export async function removeFile(file: string): Promise<void> {
  await fsp.rm(file, { force: true });
}

function procStat(pid: number): { state: string; pgid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user, which still counts as alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A child we spawned and killed in this same process lingers as a zombie until reaped.
  return procStat(pid)?.state !== 'Z';
}

export async function commandLine(pid: number): Promise<string | undefined> {
  try {
    const raw = await fsp.readFile(`/proc/${pid}/cmdline`);
    const line = raw.toString('utf8').split('\0').filter(Boolean).join(' ');
    if (line) return line;
  } catch {
    // No /proc (macOS): ask ps below.
  }
  const result = await runCommand('ps', ['-o', 'command=', '-p', String(pid)]).catch(
    () => undefined,
  );
  const line = result?.code === 0 ? result.output.join(' ').trim() : '';
  return line || undefined;
}

export function matchesMarkers(line: string | undefined, markers: readonly string[]): boolean {
  return line !== undefined && markers.every((marker) => line.includes(marker));
}

/** Reads the pid file and says whether that pid is still the process we started. */
export async function inspectPid(managed: ManagedProcess): Promise<PidState> {
  const pid = await readPidFile(managed.pidFile);
  if (pid === undefined) return { kind: 'none' };
  if (!isAlive(pid)) return { kind: 'stale', pid, reason: `pid ${pid} is no longer running` };
  const line = await commandLine(pid);
  if (!matchesMarkers(line, managed.markers)) {
    return {
      kind: 'stale',
      pid,
      reason: `pid ${pid} now belongs to another program (${truncate(line ?? '?')})`,
    };
  }
  return { kind: 'running', pid };
}

export function truncate(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface SpawnDetachedOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a process that outlives us: its own session (so a Ctrl-C in our terminal or the end of a
 * test run does not reach it), output appended to a log file, and no handle keeping us alive.
 */
export async function spawnDetached(options: SpawnDetachedOptions): Promise<number> {
  await fsp.mkdir(path.dirname(options.logFile), { recursive: true });
  const fd = fs.openSync(options.logFile, 'a');
  try {
    fs.writeSync(
      fd,
      `\n--- ${new Date().toISOString()} starting: ${options.command} ${options.args.join(' ')}\n`,
    );
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`${options.command} started without a pid`);
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

export type StopOutcome = 'stopped' | 'killed' | 'not-running' | 'stale';

function signal(pid: number, name: NodeJS.Signals): void {
  // Detached children lead their own process group; signalling the group also reaches anything
  // they started. A process adopted from elsewhere may not lead a group, so signal just it.
  const target = procStat(pid)?.pgid === pid ? -pid : pid;
  try {
    process.kill(target, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/** SIGTERM, then SIGKILL after `graceMs`, only if the pid file still points at our process. */
export async function stopManaged(
  managed: ManagedProcess,
  graceMs = 15_000,
): Promise<{ outcome: StopOutcome; pid?: number; reason?: string }> {
  const state = await inspectPid(managed);
  if (state.kind === 'none') return { outcome: 'not-running' };
  if (state.kind === 'stale') {
    await removeFile(managed.pidFile);
    return { outcome: 'stale', pid: state.pid, reason: state.reason };
  }
  signal(state.pid, 'SIGTERM');
  let outcome: StopOutcome = 'stopped';
  if (!(await waitForExit(state.pid, graceMs))) {
    signal(state.pid, 'SIGKILL');
    outcome = 'killed';
    await waitForExit(state.pid, 5_000);
  }
  await removeFile(managed.pidFile);
  return { outcome, pid: state.pid };
}

export async function tailFile(file: string, lines: number): Promise<string[]> {
  try {
    const text = await fsp.readFile(file, 'utf8');
    return text
      .split(/\r?\n/)
      .filter((line) => line.length > 0)
      .slice(-lines);
  } catch {
    return [];
  }
}

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called for every output line; carriage returns count as line ends so progress bars stream. */
  onLine?: (line: string) => void;
  /** How many trailing lines to keep for error messages. */
  keep?: number;
}

export interface RunCommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string[];
}

// Maven colours its output unless told otherwise; the escapes would leak into our lines.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Runs a command in the foreground, streaming its output line by line. Rejects only if it cannot start. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<RunCommandResult> {
  const keep = options.keep ?? 200;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const pending = { stdout: '', stderr: '' };
    const push = (line: string): void => {
      const clean = line.replace(ANSI, '');
      if (!clean.trim()) return;
      output.push(clean);
      if (output.length > keep) output.shift();
      options.onLine?.(clean);
    };
    const feed = (stream: 'stdout' | 'stderr', chunk: Buffer): void => {
      const parts = (pending[stream] + chunk.toString('utf8')).split(/\r\n|\r|\n/);
      pending[stream] = parts.pop() ?? '';
      parts.forEach(push);
    };
    child.stdout.on('data', (chunk: Buffer) => feed('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => feed('stderr', chunk));
    child.once('error', reject);
    child.once('close', (code, signalName) => {
      push(pending.stdout);
      push(pending.stderr);
      resolve({ code, signal: signalName, output });
    });
  });
}

/** Finds an executable on PATH without running a shell. */
export function which(name: string): string | undefined {
  const extensions =
    process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  return undefined;
}
