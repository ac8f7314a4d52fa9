import type { McpServerDefinition } from '@agora/executor/domain';
import type { Logger } from '@agora/observability';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StdioClientTransport,
  getDefaultEnvironment,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';

/** A tool as an MCP server lists it. */
export interface McpToolInfo {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  inputSchema: Record<string, unknown>;
}

/** The server could not be started or reached; the message says why. */
export class McpServerUnavailableError extends Error {
  constructor(server: string, options: { cause: unknown }) {
    super(`MCP server '${server}' is unavailable: ${messageOf(options.cause)}`, options);
    this.name = 'McpServerUnavailableError';
  }
}

/**
 * One configured MCP server, through the official SDK (the only code of the executor that
 * imports it). It connects on first use, not before: a server that is down costs nothing until
 * a tool of it is listed or called. Its tool listing is cached, and listed again on every new
 * connection and when the server says the list changed. A connection that breaks (the process
 * exited, the HTTP server went away, the session expired) is dropped, and the next use opens a
 * new one: the process is started again, or a new HTTP session begun.
 */
export class McpServerClient {
  /** The connection being opened or open; undefined after it broke. */
  private connection: Promise<Client> | undefined;
  /** The open client, once connected. */
  private live: Client | undefined;
  private tools: McpToolInfo[] | undefined;
  private closed = false;

  constructor(
    readonly server: McpServerDefinition,
    private readonly logger: Logger,
    private readonly version: string,
  ) {}

  /** The server's tools; connects first if there is no listing yet. */
  async listTools(): Promise<McpToolInfo[]> {
    if (this.tools) return this.tools;
    const client = await this.connect();
    this.tools ??= await this.list(client);
    return this.tools;
  }

  /**
   * Calls a tool; the result is its text for the model. A tool's own failure (`isError`), a
   * timeout, an unreachable or crashed server: each is thrown as an Error whose message the
   * model can read. An expired HTTP session is renewed and the call sent once more, since the
   * server refused it without running it.
   */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      let result: CallToolResult;
      try {
        // Servers of protocol versions before 2024-11-05 answer with `toolResult` instead.
        result = (await client.callTool({ name, arguments: args }, undefined, {
          signal,
          timeout: this.server.timeoutMs,
        })) as CallToolResult;
      } catch (error) {
        if (signal.aborted) throw error;
        if (isTimeout(error)) {
          throw new Error(
            `MCP server '${this.server.name}' did not answer ${name} within ${this.server.timeoutMs} ms`,
            { cause: error },
          );
        }
        if (!connectionBroken(error)) {
          throw new Error(`MCP server '${this.server.name}': ${messageOf(error)}`, {
            cause: error,
          });
        }
        this.drop(client, error);
        if (sessionExpired(error) && attempt === 1) continue;
        throw new Error(
          `MCP server '${this.server.name}' failed: ${messageOf(error)} (it is reconnected on the next call)`,
          { cause: error },
        );
      }
      const text = textOf(result);
      if (result.isError === true) throw new Error(text || `tool ${name} failed`);
      return text;
    }
  }

  /** Ends the connection: a stdio server's process is stopped (stdin closed, then signals). */
  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    this.live = undefined;
    const client = await connection?.catch(() => undefined);
    await client?.close().catch(() => undefined);
  }

  private connect(): Promise<Client> {
    if (this.closed) {
      return Promise.reject(
        new Error(`MCP server '${this.server.name}': the executor is shutting down`),
      );
    }
    this.connection ??= this.open().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async open(): Promise<Client> {
    const { server } = this;
    const client = new Client({ name: 'agora-executor', version: this.version });
    client.onclose = () => {
      // Only the live connection is forgotten; one already replaced may close late.
      if (this.live !== client) return;
      this.live = undefined;
      this.connection = undefined;
      if (!this.closed) {
        this.logger.warn(
          { mcpServer: server.name },
          `MCP server ${server.name} closed the connection; reconnecting on the next call`,
        );
      }
    };
    client.onerror = (error) =>
      this.logger.debug({ mcpServer: server.name, err: error }, 'MCP transport error');
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.tools = undefined;
    });
    try {
      await client.connect(this.transport(), { timeout: server.connectTimeoutMs });
      this.tools = await this.list(client);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new McpServerUnavailableError(server.name, { cause: error });
    }
    if (this.closed) {
      await client.close().catch(() => undefined);
      throw new Error(`MCP server '${server.name}': the executor is shutting down`);
    }
    this.live = client;
    this.logger.info(
      { mcpServer: server.name, tools: this.tools.map((t) => t.name) },
      `MCP server ${server.name} connected`,
    );
    return client;
  }

  private transport(): Transport {
    const { server } = this;
    if (server.transport === 'http') {
      return new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: server.headers },
      });
    }
    const transport = new StdioClientTransport({
      command: server.command,
      args: server.args,
      env: { ...getDefaultEnvironment(), ...server.env },
      ...(server.cwd ? { cwd: server.cwd } : {}),
      stderr: 'pipe',
    });
    // What the server writes to stderr is its log; read it, or a full pipe would block it.
    let partial = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim()) this.logger.info({ mcpServer: server.name }, line);
      }
    });
    return transport;
  }

  private async list(client: Client): Promise<McpToolInfo[]> {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, {
        timeout: this.server.connectTimeoutMs,
      });
      for (const tool of page.tools) {
        const { $schema: _, ...inputSchema } = tool.inputSchema as Record<string, unknown>;
        tools.push({
          name: tool.name,
          description: tool.description ?? tool.title ?? tool.name,
          inputSchema,
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  /** Forgets a broken connection, so that the next use opens a new one. */
  private drop(client: Client, error: unknown): void {
    if (this.live !== client) return;
    this.live = undefined;
    this.connection = undefined;
    this.logger.warn(
      { mcpServer: this.server.name, err: error },
      `MCP server ${this.server.name} failed; reconnecting on the next call`,
    );
    void client.close().catch(() => undefined);
  }
}

/** The text of a tool result for the model: its text parts, a note for the others. */
function textOf(result: CallToolResult): string {
  const parts = (result.content ?? []).map((part) => {
    switch (part.type) {
      case 'text':
        return part.text;
      case 'resource':
        return 'text' in part.resource ? part.resource.text : `(resource ${part.resource.uri})`;
      case 'resource_link':
        return `(resource ${part.uri})`;
      case 'image':
      case 'audio':
        return `(${part.type} content, ${part.mimeType}, not shown)`;
    }
  });
  if (parts.length === 0 && result.structuredContent !== undefined) {
    return JSON.stringify(result.structuredContent);
  }
  return parts.join('\n');
}

function isTimeout(error: unknown): boolean {
  return error instanceof McpError && error.code === Number(ErrorCode.RequestTimeout);
}

function sessionExpired(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code === 404;
}

/**
 * Whether the connection is unusable after this error: everything but an error the server
 * answered with (bad arguments, unknown tool) is taken as a broken connection.
 */
function connectionBroken(error: unknown): boolean {
  if (error instanceof McpError) return error.code === Number(ErrorCode.ConnectionClosed);
  return true;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof StreamableHTTPError && error.code !== undefined && error.code > 0) {
    return `HTTP ${error.code}: ${error.message}`;
  }
  // fetch hides the reason (ECONNREFUSED…) in its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
