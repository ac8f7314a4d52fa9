import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The order-book MCP server of the tests (see orders-mcp.server.ts), run from TypeScript by tsx. */
const serverFile = join(__dirname, 'orders-mcp.server.ts');
/** Where `tsx` resolves from, whatever the test's working directory. */
const repoRoot = resolve(__dirname, '../../../../');

/** The order-book server as an `mcpServers` entry spoken to over stdio: the executor starts it. */
export function ordersMcpStdio(): { command: string; args: string[]; cwd: string } {
  return { command: process.execPath, args: ['--import', 'tsx', serverFile], cwd: repoRoot };
}

/** The order-book server over Streamable HTTP, in a process of its own. */
export interface OrdersMcpHttp {
  /** Its MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  port: number;
  process: ChildProcess;
  /** Kills the process (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the order-book server over Streamable HTTP on `port` (0: a free one) and resolves once
 * it listens. With `token`, it answers 401 to requests without `Authorization: Bearer <token>`.
 */
export async function startOrdersMcpHttp(
  options: { port?: number; token?: string } = {},
): Promise<OrdersMcpHttp> {
  const args = ['--import', 'tsx', serverFile, '--http', String(options.port ?? 0)];
  if (options.token) args.push('--token', options.token);
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the orders MCP server did not start')),
      30_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the orders MCP server exited with code ${code}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    process: child,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
