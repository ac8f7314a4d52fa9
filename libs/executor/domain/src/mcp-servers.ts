import { z } from 'zod';

/**
 * MCP servers whose tools agents' models may call, configured beside the agents:
 *
 * ```yaml
 * mcpServers:
 *   orders: { command: node, args: [orders-server.js], env: { ORDERS_DB: '${ORDERS_DB}' } }
 *   tickets: { url: https://tickets.example.com/mcp, headers: { Authorization: 'Bearer ${TICKETS_TOKEN}' } }
 * agents:
 *   - id: support-1
 *     tools: [memory_search, 'mcp:orders/lookup_order', 'mcp:tickets/*']
 * ```
 *
 * A server is started (stdio) or reached (Streamable HTTP) by the executor; an agent sees only
 * the tools its `tools` list allows, each under the name {@link mcpToolName} gives it.
 */
export type McpServerDefinition = McpStdioServer | McpHttpServer;

interface McpServerCommon {
  /** The key under mcpServers; the first part of its tools' names. */
  name: string;
  /** Longest a tool call may take. @default 30000 */
  timeoutMs: number;
  /** Longest starting or reaching the server, with its tool listing, may take. @default 15000 */
  connectTimeoutMs: number;
}

/** A server the executor starts as a child process and talks to over stdin/stdout. */
export interface McpStdioServer extends McpServerCommon {
  transport: 'stdio';
  command: string;
  /** @default [] */
  args: string[];
  /**
   * Added to a minimal environment (PATH, HOME, SHELL, TERM); the executor's own variables are
   * not passed on. `${NAME}` in a value is the executor's variable NAME. @default {}
   */
  env: Record<string, string>;
  /** @default the executor's working directory */
  cwd?: string | undefined;
}

/** A server reached over Streamable HTTP. */
export interface McpHttpServer extends McpServerCommon {
  transport: 'http';
  url: string;
  /** Sent with every request; `${NAME}` in a value is the executor's variable NAME. @default {} */
  headers: Record<string, string>;
}

/** Names of servers: they start every tool name the model sees, so keep them short and plain. */
export const mcpServerNamePattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

/** An agent's `tools` entry allowing one tool of a server, or all of them with `*`. */
export type McpToolRef = `mcp:${string}/${string}`;

/** A parsed {@link McpToolRef}. */
export interface McpToolSelector {
  server: string;
  /** A tool name, or `*` for every tool the server lists. */
  tool: string;
}

// MCP's own rule for tool names (letters, digits, '_', '-', '.'; 1 to 128), or '*'.
const mcpToolRefPattern = /^mcp:([^/]+)\/(\*|[A-Za-z0-9_.-]{1,128})$/;

/** The server and tool of an `mcp:<server>/<tool>` entry; undefined when it is not one. */
export function parseMcpToolRef(entry: string): McpToolSelector | undefined {
  const match = mcpToolRefPattern.exec(entry);
  if (!match || !mcpServerNamePattern.test(match[1]!)) return undefined;
  return { server: match[1]!, tool: match[2]! };
}

/** Longest tool name both providers accept (OpenAI and Anthropic: `^[a-zA-Z0-9_-]{1,64}$`). */
export const TOOL_NAME_MAX = 64;

/**
 * The name the model sees for a server's tool: `<server>__<tool>`, characters the providers
 * refuse replaced by `_`, and cut to 64 characters with a digest of the full name when longer,
 * so that different long names stay different. The same inputs always give the same name.
 * Built-in tools never contain `__` (see agentToolNames), so the two cannot collide.
 */
export function mcpToolName(server: string, tool: string): string {
  const name = `${server}__${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  if (name.length <= TOOL_NAME_MAX) return name;
  const digest = fnv1a(`${server}/${tool}`).toString(36).padStart(7, '0');
  return `${name.slice(0, TOOL_NAME_MAX - digest.length - 1)}_${digest}`;
}

/** One MCP tool an agent is offered: the model's name for it, and where it lives. */
export interface McpToolBinding<T> {
  /** The name the model sees (see {@link mcpToolName}). */
  name: string;
  server: string;
  /** The tool's name on its server. */
  toolName: string;
  /** The server's listing of the tool; undefined while the server has not been reached. */
  tool: T | undefined;
}

/**
 * The tools an agent's selectors allow, in selector order, from each server's listing (tools
 * named by `name`). For a server without a listing (not reached yet), a tool named outright is
 * still offered, without its listing, so that the model can try it and read why it fails; `*`
 * offers nothing. A name two tools map to goes to the first, the next gets `_2`, `_3`… Pure: the
 * same selectors and listings always give the same names.
 */
export function selectMcpTools<T extends { name: string }>(
  selectors: readonly McpToolSelector[],
  listings: ReadonlyMap<string, readonly T[]>,
): McpToolBinding<T>[] {
  const bindings: McpToolBinding<T>[] = [];
  const seen = new Set<string>();
  const names = new Set<string>();
  const bind = (server: string, toolName: string, tool: T | undefined) => {
    const key = `${server}/${toolName}`;
    if (seen.has(key)) return;
    seen.add(key);
    const base = mcpToolName(server, toolName);
    let name = base;
    for (let n = 2; names.has(name); n++) {
      const suffix = `_${n}`;
      name = `${base.slice(0, TOOL_NAME_MAX - suffix.length)}${suffix}`;
    }
    names.add(name);
    bindings.push({ name, server, toolName, tool });
  };
  for (const { server, tool } of selectors) {
    const listing = listings.get(server);
    if (!listing) {
      if (tool !== '*') bind(server, tool, undefined);
      continue;
    }
    for (const listed of listing) {
      if (tool === '*' || listed.name === tool) bind(server, listed.name, listed);
    }
  }
  return bindings;
}

const stringMap = z.record(z.string(), z.string({ error: 'expected a string' }), {
  error: 'expected a map of names to strings',
});

const milliseconds = (byDefault: number) =>
  z
    .number({ error: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .positive('expected a positive number of milliseconds')
    .default(byDefault);
const timeoutMs = milliseconds(30_000);
const connectTimeoutMs = milliseconds(15_000);

const stdioSchema = z.strictObject({
  command: z.string({ error: 'expected a command' }).trim().min(1, 'expected a command'),
  args: z.array(z.string(), { error: 'expected a list of strings' }).default([]),
  env: stringMap.default({}),
  cwd: z.string().min(1, 'expected a directory').optional(),
  timeoutMs,
  connectTimeoutMs,
});

const httpSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  headers: stringMap.default({}),
  timeoutMs,
  connectTimeoutMs,
});

/** What {@link parseMcpServers} found wrong, each as `mcpServers.<name>.<field>: <problem>`. */
export interface McpServersParse {
  servers: McpServerDefinition[];
  problems: string[];
}

/**
 * Validates the `mcpServers` map of an agents file. `${NAME}` in env and header values is
 * replaced by `env[NAME]` (the executor's environment), so secrets stay out of the file; an
 * unset variable is a problem naming the server and the key.
 */
export function parseMcpServers(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
): McpServersParse {
  const servers: McpServerDefinition[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { servers, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { servers, problems: ['mcpServers: expected a map of server names to servers'] };
  }
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const at = `mcpServers.${name}`;
    if (!mcpServerNamePattern.test(name)) {
      problems.push(
        `${at}: expected a server name of letters, digits and '-' (at most 32, no '_': it starts the tool names the model sees)`,
      );
      continue;
    }
    const shape =
      value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    if (!shape || 'command' in shape === 'url' in shape) {
      problems.push(
        `${at}: expected either command (a process spoken to over stdio) or url (Streamable HTTP)`,
      );
      continue;
    }
    const parsed = 'command' in shape ? stdioSchema.safeParse(shape) : httpSchema.safeParse(shape);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.');
        problems.push(`${at}${field ? `.${field}` : ''}: ${issue.message}`);
      }
      continue;
    }
    const expand = (values: Record<string, string>, key: 'env' | 'headers') =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
            const found = env[variable];
            if (found === undefined) {
              problems.push(`${at}.${key}.${k}: environment variable ${variable} is not set`);
            }
            return found ?? '';
          }),
        ]),
      );
    const data = parsed.data;
    servers.push(
      'command' in data
        ? { name, transport: 'stdio', ...data, env: expand(data.env, 'env') }
        : { name, transport: 'http', ...data, headers: expand(data.headers, 'headers') },
    );
  }
  return { servers, problems };
}

/** FNV-1a, 32 bits: a short, stable digest for names. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
