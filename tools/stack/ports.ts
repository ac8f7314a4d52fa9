import * as fsp from 'node:fs/promises';
import * as net from 'node:net';

import { HOST } from './stack.config';
import { commandLine, runCommand, truncate } from './process';

/** True if we could listen on host:port right now, the same test the component will face. */
export function isPortFree(port: number, host = HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

export interface PortOwner {
  pid: number;
  command: string;
}

/** Inodes of sockets listening on `port`, from the kernel's own tables (no privileges needed). */
async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await fsp.readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const columns = row.trim().split(/\s+/);
      const local = columns[1];
      const state = columns[3];
      const inode = columns[9];
      // State 0A is LISTEN.
      if (local?.endsWith(`:${portHex}`) && state === '0A' && inode && inode !== '0')
        inodes.add(inode);
    }
  }
  return inodes;
}

async function ownerFromProc(port: number): Promise<number | undefined> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  let pids: string[];
  try {
    pids = (await fsp.readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await fsp.readdir(`/proc/${pid}/fd`);
    } catch {
      // Another user's process: its descriptors are not ours to read.
      continue;
    }
    for (const fd of fds) {
      const target = await fsp.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (wanted.has(target)) return Number(pid);
    }
  }
  return undefined;
}

async function ownerFromLsof(port: number): Promise<number | undefined> {
  const result = await runCommand('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t']).catch(
    () => undefined,
  );
  const pid = Number.parseInt(result?.output[0] ?? '', 10);
  return Number.isInteger(pid) ? pid : undefined;
}

/** Best effort: which process listens on `port`. Undefined when the OS will not tell us. */
export async function findPortOwner(port: number): Promise<PortOwner | undefined> {
  const pid = (await ownerFromProc(port)) ?? (await ownerFromLsof(port));
  if (pid === undefined) return undefined;
  return { pid, command: truncate((await commandLine(pid)) ?? 'unknown command') };
}
