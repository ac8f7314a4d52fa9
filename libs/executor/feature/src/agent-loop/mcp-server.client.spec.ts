import { parseAgentsConfig, type McpServerDefinition } from '@agora/executor/domain';
import { createLogger } from '@agora/observability';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ordersMcpStdio, startOrdersMcpHttp, type OrdersMcpHttp } from '../testing';
import { McpServerClient, McpServerUnavailableError } from './mcp-server.client';

/** Servers as the agents file would configure them. */
function servers(mcpServers: Record<string, unknown>): Map<string, McpServerDefinition> {
  const config = parseAgentsConfig(
    { mcpServers, agents: [{ id: 'a', capabilities: ['write'], capacity: 1 }] },
    'test',
  );
  return new Map(config.mcpServers.map((s) => [s.name, s]));
}

const logger = createLogger('executor', 'silent');
const signal = () => new AbortController().signal;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('McpServerClient against a real MCP server', () => {
  const clients: McpServerClient[] = [];
  const https: OrdersMcpHttp[] = [];
  const client = (server: McpServerDefinition) => {
    const c = new McpServerClient(server, logger, '0.0.0-test');
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await Promise.all(https.map((h) => h.kill()));
  });

  it('over stdio: lists the tools with their schemas, calls one, and reports a tool error', async () => {
    const orders = client(servers({ orders: ordersMcpStdio() }).get('orders')!);
    const tools = await orders.listTools();
    expect(tools.map((t) => t.name)).toEqual(['lookup_order', 'sleep', 'crash']);
    expect(tools[0]).toMatchObject({
      description: expect.stringContaining('Looks up an order'),
      inputSchema: {
        type: 'object',
        properties: { orderId: { type: 'string' } },
        required: ['orderId'],
      },
    });
    expect(tools[0]!.inputSchema).not.toHaveProperty('$schema');

    const answer = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal()),
    );
    expect(answer).toMatchObject({ orderId: 'A-1001', status: 'shipped', carrier: 'DHL' });
    await expect(orders.callTool('lookup_order', { orderId: 'Z-9' }, signal())).rejects.toThrow(
      /^no order Z-9$/,
    );
    await expect(orders.callTool('lookup_order', {}, signal())).rejects.toThrow(
      /Invalid arguments for tool lookup_order.*orderId/,
    );
  });

  it('over stdio: a server that dies mid-call is an error, and the next call starts it again', async () => {
    const orders = client(servers({ orders: ordersMcpStdio() }).get('orders')!);
    const first = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal()),
    );
    await expect(orders.callTool('crash', {}, signal())).rejects.toThrow(
      /MCP server 'orders' failed: .*Connection closed.*\(it is reconnected on the next call\)/,
    );
    expect(alive(first.servedBy)).toBe(false);
    const second = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1002' }, signal()),
    );
    expect(second).toMatchObject({ orderId: 'A-1002', status: 'packing' });
    expect(second.servedBy).not.toBe(first.servedBy);
  });

  it('over stdio: closing stops the server process', async () => {
    const orders = client(servers({ orders: ordersMcpStdio() }).get('orders')!);
    const { servedBy } = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal()),
    );
    expect(alive(servedBy)).toBe(true);
    await orders.close();
    expect(alive(servedBy)).toBe(false);
    await expect(orders.listTools()).resolves.toHaveLength(3); // the cached listing
    await expect(orders.callTool('lookup_order', { orderId: 'A-1001' }, signal())).rejects.toThrow(
      /shutting down/,
    );
  });

  it('a command that cannot start is unavailable, with the reason, on every use', async () => {
    const broken = client(
      servers({ broken: { command: '/nonexistent/agora-mcp-server' } }).get('broken')!,
    );
    await expect(broken.listTools()).rejects.toBeInstanceOf(McpServerUnavailableError);
    await expect(broken.callTool('lookup_order', {}, signal())).rejects.toThrow(
      /MCP server 'broken' is unavailable: .*ENOENT/,
    );
  });

  it('times out a slow tool, keeping the connection; the task abort stops a call at once', async () => {
    const orders = client(
      servers({ orders: { ...ordersMcpStdio(), timeoutMs: 500 } }).get('orders')!,
    );
    const { servedBy } = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal()),
    );
    await expect(orders.callTool('sleep', { ms: 5_000 }, signal())).rejects.toThrow(
      "MCP server 'orders' did not answer sleep within 500 ms",
    );
    const abort = new AbortController();
    const call = orders.callTool('sleep', { ms: 5_000 }, abort.signal);
    setTimeout(() => abort.abort(new Error('task cancelled')), 100);
    const started = Date.now();
    await expect(call).rejects.toThrow('task cancelled');
    // Well before the 5 s the tool sleeps, whatever the load of the machine.
    expect(Date.now() - started).toBeLessThan(2_500);
    // Same process: neither a timeout nor an abort is a broken connection.
    const again = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal()),
    );
    expect(again.servedBy).toBe(servedBy);
  });

  it('over Streamable HTTP: sends the headers, fails while the server is down, and begins a new session when it is back', async () => {
    process.env['ORDERS_MCP_TEST_TOKEN'] = 's3cret';
    const first = await startOrdersMcpHttp({ token: 's3cret' });
    https.push(first);
    const config = parseAgentsConfig(
      {
        mcpServers: {
          orders: { url: first.url, headers: { Authorization: 'Bearer ${ORDERS_MCP_TEST_TOKEN}' } },
          nokey: { url: first.url },
        },
        agents: [{ id: 'a', capabilities: ['write'], capacity: 1 }],
      },
      'test',
      { env: process.env },
    ).mcpServers;
    const orders = client(config[0]!);
    const before = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal()),
    );
    expect(before).toMatchObject({ status: 'shipped', servedBy: first.process.pid });
    await expect(client(config[1]!).listTools()).rejects.toThrow(
      /MCP server 'nokey' is unavailable: HTTP 401: .*unauthorized/,
    );

    await first.kill();
    await expect(orders.callTool('lookup_order', { orderId: 'A-1001' }, signal())).rejects.toThrow(
      /MCP server 'orders' failed: .*fetch failed.*\(it is reconnected on the next call\)/,
    );
    await expect(orders.callTool('lookup_order', { orderId: 'A-1001' }, signal())).rejects.toThrow(
      /MCP server 'orders' is unavailable: .*ECONNREFUSED/,
    );

    const second = await startOrdersMcpHttp({ port: first.port, token: 's3cret' });
    https.push(second);
    const after = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1002' }, signal()),
    );
    expect(after).toMatchObject({ status: 'packing', servedBy: second.process.pid });
  });

  it('over Streamable HTTP: a session the server forgot (it restarted) is renewed without failing the call', async () => {
    const first = await startOrdersMcpHttp();
    https.push(first);
    const orders = client(servers({ orders: { url: first.url } }).get('orders')!);
    await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal());
    await first.kill();
    const second = await startOrdersMcpHttp({ port: first.port });
    https.push(second);
    const after = JSON.parse(
      await orders.callTool('lookup_order', { orderId: 'A-1001' }, signal()),
    );
    expect(after.servedBy).toBe(second.process.pid);
  });
});
