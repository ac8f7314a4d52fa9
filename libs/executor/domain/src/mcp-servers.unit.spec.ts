import { describe, expect, it } from 'vitest';
import {
  AgentDefinitionError,
  parseAgentsConfig,
  splitToolEntries,
  toolsOf,
} from './agent-definition';
import { mcpToolName, parseMcpToolRef, selectMcpTools, TOOL_NAME_MAX } from './mcp-servers';

const agent = (tools: unknown[]) => ({ id: 'clerk', capabilities: ['write'], capacity: 1, tools });

/** The message of the AgentDefinitionError `parse` throws. */
function problems(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(AgentDefinitionError);
    return (error as Error).message;
  }
  throw new Error('expected an AgentDefinitionError');
}

describe('mcpServers in the agents file', () => {
  it('reads stdio and Streamable HTTP servers, filling defaults and ${NAME} references', () => {
    const { agents, mcpServers } = parseAgentsConfig(
      {
        mcpServers: {
          orders: { command: 'node', args: ['orders.js'], env: { DB: '${ORDERS_DB}/x' } },
          tickets: {
            url: 'https://tickets.example.com/mcp',
            headers: { Authorization: 'Bearer ${TICKETS_TOKEN}' },
            timeoutMs: 5_000,
          },
        },
        agents: [agent(['memory_search', 'mcp:orders/lookup_order', 'mcp:tickets/*'])],
      },
      'agents.yaml',
      { env: { ORDERS_DB: '/data', TICKETS_TOKEN: 't0k' } },
    );
    expect(mcpServers).toEqual([
      {
        name: 'orders',
        transport: 'stdio',
        command: 'node',
        args: ['orders.js'],
        env: { DB: '/data/x' },
        timeoutMs: 30_000,
        connectTimeoutMs: 15_000,
      },
      {
        name: 'tickets',
        transport: 'http',
        url: 'https://tickets.example.com/mcp',
        headers: { Authorization: 'Bearer t0k' },
        timeoutMs: 5_000,
        connectTimeoutMs: 15_000,
      },
    ]);
    expect(toolsOf(agents[0]!)).toEqual([
      'memory_search',
      'mcp:orders/lookup_order',
      'mcp:tickets/*',
    ]);
    expect(splitToolEntries(toolsOf(agents[0]!))).toEqual({
      builtIn: ['memory_search'],
      mcp: [
        { server: 'orders', tool: 'lookup_order' },
        { server: 'tickets', tool: '*' },
      ],
    });
  });

  it('has no servers when the file is a plain list', () => {
    expect(parseAgentsConfig([agent(['shell'])], 'AGENTS').mcpServers).toEqual([]);
  });

  it('names the server and the key of every bad server', () => {
    const message = problems(() =>
      parseAgentsConfig(
        {
          mcpServers: {
            my_server: { command: 'x' },
            both: { command: 'x', url: 'http://h/mcp' },
            neither: { args: [] },
            ftp: { url: 'ftp://h/mcp' },
            typo: { command: 'x', argz: [] },
            secret: { url: 'http://h/mcp', headers: { Authorization: 'Bearer ${NOT_SET}' } },
            slow: { command: 'x', timeoutMs: 0 },
          },
          agents: [agent([])],
        },
        'agents.yaml',
      ),
    );
    expect(message).toMatch(/^agents\.yaml: invalid agents/);
    expect(message).toContain(
      "mcpServers.my_server: expected a server name of letters, digits and '-'",
    );
    expect(message).toContain(
      'mcpServers.both: expected either command (a process spoken to over stdio) or url (Streamable HTTP)',
    );
    expect(message).toContain('mcpServers.neither: expected either command');
    expect(message).toContain('mcpServers.ftp.url: expected an http(s) URL');
    expect(message).toMatch(/mcpServers\.typo: Unrecognized key: "argz"/);
    expect(message).toContain(
      'mcpServers.secret.headers.Authorization: environment variable NOT_SET is not set',
    );
    expect(message).toContain('mcpServers.slow.timeoutMs: expected a positive number');
    expect(
      problems(() => parseAgentsConfig({ mcpServers: [], agents: [agent([])] }, 'x')),
    ).toContain('mcpServers: expected a map of server names to servers');
  });

  it('names the agent and the entry of a tool that is not allowed or whose server is not configured', () => {
    const message = problems(() =>
      parseAgentsConfig(
        {
          mcpServers: { orders: { command: 'x' } },
          agents: [
            agent([
              'mcp:orders/lookup_order',
              'mcp:billing/*',
              'mcp:orders',
              'mcp:orders/look up',
              'orders__lookup_order',
            ]),
          ],
        },
        'agents.yaml',
      ),
    );
    expect(message).toContain(
      "agent clerk: tools.1: no MCP server 'billing' under mcpServers (configured: orders)",
    );
    for (const index of [2, 3, 4]) {
      expect(message).toContain(
        `agent clerk: tools.${index}: expected one of memory_search, memory_write, http_get, shell, ask_agent, or mcp:<server>/<tool> or mcp:<server>/*`,
      );
    }
    expect(message).not.toContain('tools.0');
    expect(problems(() => parseAgentsConfig([agent(['mcp:orders/*'])], 'AGENTS'))).toContain(
      "agent clerk: tools.0: no MCP server 'orders' under mcpServers (configured: none)",
    );
  });
});

describe('MCP tool names as the model sees them', () => {
  it('joins server and tool with __ and replaces what providers refuse', () => {
    expect(mcpToolName('orders', 'lookup_order')).toBe('orders__lookup_order');
    expect(mcpToolName('git-hub', 'repos.search/v2')).toBe('git-hub__repos_search_v2');
  });

  it('cuts long names to 64 characters, keeping different names different and stable', () => {
    const a = mcpToolName('orders', `${'x'.repeat(80)}.a`);
    const b = mcpToolName('orders', `${'x'.repeat(80)}.b`);
    expect(a).toHaveLength(TOOL_NAME_MAX);
    expect(b).toHaveLength(TOOL_NAME_MAX);
    expect(a).not.toBe(b);
    expect(a).toBe(mcpToolName('orders', `${'x'.repeat(80)}.a`));
    expect(a).toMatch(/^orders__x+_[0-9a-z]{7}$/);
  });

  it('parses mcp: entries', () => {
    expect(parseMcpToolRef('mcp:orders/lookup_order')).toEqual({
      server: 'orders',
      tool: 'lookup_order',
    });
    expect(parseMcpToolRef('mcp:orders/*')).toEqual({ server: 'orders', tool: '*' });
    expect(parseMcpToolRef('mcp:orders/')).toBeUndefined();
    expect(parseMcpToolRef('mcp:my_server/x')).toBeUndefined();
    expect(parseMcpToolRef('memory_search')).toBeUndefined();
  });
});

describe('selectMcpTools: the per-agent allow-list', () => {
  const listings = new Map([
    [
      'orders',
      [{ name: 'lookup_order' }, { name: 'cancel_order' }, { name: 'a.b' }, { name: 'a_b' }],
    ],
    ['tickets', [{ name: 'open' }]],
  ]);

  it('offers the named tools and every tool of a * entry, once each, in order', () => {
    const bindings = selectMcpTools(
      [
        { server: 'tickets', tool: 'open' },
        { server: 'orders', tool: 'lookup_order' },
        { server: 'orders', tool: '*' },
        { server: 'orders', tool: 'not_listed' },
      ],
      listings,
    );
    expect(bindings.map((b) => [b.name, b.server, b.toolName])).toEqual([
      ['tickets__open', 'tickets', 'open'],
      ['orders__lookup_order', 'orders', 'lookup_order'],
      ['orders__cancel_order', 'orders', 'cancel_order'],
      ['orders__a_b', 'orders', 'a.b'],
      // a.b and a_b map to the same name: the second gets a suffix.
      ['orders__a_b_2', 'orders', 'a_b'],
    ]);
    expect(bindings[0]!.tool).toEqual({ name: 'open' });
  });

  it('offers nothing a list does not allow', () => {
    expect(selectMcpTools([{ server: 'orders', tool: 'cancel_order' }], listings)).toEqual([
      {
        name: 'orders__cancel_order',
        server: 'orders',
        toolName: 'cancel_order',
        tool: { name: 'cancel_order' },
      },
    ]);
    expect(selectMcpTools([], listings)).toEqual([]);
  });

  it('still offers a named tool of a server not reached yet, without its listing; * offers nothing', () => {
    expect(
      selectMcpTools(
        [
          { server: 'down', tool: 'lookup_order' },
          { server: 'down', tool: '*' },
        ],
        listings,
      ),
    ).toEqual([
      { name: 'down__lookup_order', server: 'down', toolName: 'lookup_order', tool: undefined },
    ]);
  });
});
