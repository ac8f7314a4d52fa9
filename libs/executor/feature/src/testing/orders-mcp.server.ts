/**
 * A small, real MCP server for tests, written with the official SDK: an order book with one
 * useful tool, `lookup_order`; `sleep`, a slow one; and `crash`, which ends the process (a
 * server that dies in the middle of a call).
 *
 *   node --import tsx orders-mcp.server.ts                     over stdio
 *   node --import tsx orders-mcp.server.ts --http <port> [--token <t>]
 *                                                              Streamable HTTP on 127.0.0.1:<port>/mcp
 *                                                              (0: a free port), printing
 *                                                              `listening <port>` once it listens
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** The orders the server knows. */
const orderBook: Readonly<Record<string, { status: string; carrier: string; eta: string }>> = {
  'A-1001': { status: 'shipped', carrier: 'DHL', eta: '2025-03-14' },
  'A-1002': { status: 'packing', carrier: 'UPS', eta: '2025-03-18' },
};

function ordersServer(): McpServer {
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  server.registerTool(
    'lookup_order',
    {
      description: 'Looks up an order by its id: status, carrier and expected delivery date.',
      inputSchema: { orderId: z.string().describe('The order id, e.g. A-1001.') },
    },
    ({ orderId }) => {
      const order = orderBook[orderId];
      if (!order) {
        return { isError: true, content: [{ type: 'text', text: `no order ${orderId}` }] };
      }
      const answer = { orderId, ...order, servedBy: process.pid };
      return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
    },
  );
  server.registerTool(
    'sleep',
    {
      description: 'Answers after the given number of milliseconds.',
      inputSchema: { ms: z.number().int().min(0) },
    },
    async ({ ms }) => {
      await new Promise((r) => setTimeout(r, ms));
      return { content: [{ type: 'text', text: `slept ${ms} ms` }] };
    },
  );
  server.registerTool(
    'crash',
    { description: 'Ends the server process at once, without answering.' },
    () => process.exit(3),
  );
  return server;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function serveStdio(): Promise<void> {
  await ordersServer().connect(new StdioServerTransport());
  // The client closing stdin is the end of the conversation.
  process.stdin.on('end', () => process.exit(0));
}

/** One MCP session per initialize, kept by its id; an unknown session id is a 404. */
async function serveHttp(port: number, token: string | undefined): Promise<void> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer((req, res) => {
    void (async () => {
      if (!req.url?.startsWith('/mcp')) return void res.writeHead(404).end();
      if (token && req.headers.authorization !== `Bearer ${token}`) {
        return void res.writeHead(401).end('unauthorized');
      }
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!transport) {
        if (id !== undefined) return void res.writeHead(404).end('unknown session');
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          onsessioninitialized: (sessionId) => void sessions.set(sessionId, created),
        });
        created.onclose = () => {
          if (created.sessionId) sessions.delete(created.sessionId);
        };
        await ordersServer().connect(created);
        transport = created;
      }
      await transport.handleRequest(req, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);
}

const httpPort = option('--http');
(httpPort === undefined ? serveStdio() : serveHttp(Number(httpPort), option('--token'))).catch(
  (error: unknown) => {
    process.stderr.write(`orders MCP server: ${String(error)}\n`);
    process.exit(1);
  },
);
