import { selectMcpTools, type McpToolSelector } from '@agora/executor/domain';
import type { Logger } from '@agora/observability';
import { agoraVersion, LOGGER } from '@agora/runtime';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ExecutorConfig } from '../executor-config';
import { EXECUTOR_CONFIG } from '../tokens';
import type { AgentTool } from './agent-tools';
import { McpServerClient, type McpToolInfo } from './mcp-server.client';

/**
 * The tools of the MCP servers under `mcpServers`, as agent tools. One client per server is
 * shared by every agent and task of this process. Start-up only tries each server in the
 * background: one that is down is a warning, never a failed start; its tools fail as text for
 * the model until it comes back. Every client is closed on shutdown, after the agents drained,
 * so no server process outlives the executor.
 */
@Injectable()
export class McpTools implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly clients: ReadonlyMap<string, McpServerClient>;

  constructor(
    @Inject(EXECUTOR_CONFIG) config: ExecutorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const version = agoraVersion();
    this.clients = new Map(
      (config.mcpServers ?? []).map((server) => [
        server.name,
        new McpServerClient(server, logger, version),
      ]),
    );
  }

  onApplicationBootstrap(): void {
    for (const [name, client] of this.clients) {
      client
        .listTools()
        .catch((err: unknown) =>
          this.logger.warn(
            { mcpServer: name, err },
            `MCP server ${name} is not reachable at start-up; its tools answer with an error until it is`,
          ),
        );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }

  /**
   * The tools the selectors allow, as the model will see them. A server that cannot be listed
   * now still offers the tools named outright (see selectMcpTools), so that the model's call
   * reaches the server again or says why it cannot.
   */
  async toolsFor(selectors: readonly McpToolSelector[]): Promise<AgentTool[]> {
    if (selectors.length === 0) return [];
    const listings = new Map<string, readonly McpToolInfo[]>();
    await Promise.all(
      [...new Set(selectors.map((s) => s.server))].map(async (name) => {
        const client = this.clients.get(name);
        if (!client) return;
        try {
          listings.set(name, await client.listTools());
        } catch (err) {
          this.logger.warn({ mcpServer: name, err }, `MCP server ${name}: cannot list its tools`);
        }
      }),
    );
    return selectMcpTools(selectors, listings).flatMap(({ name, server, toolName, tool }) => {
      const client = this.clients.get(server);
      if (!client) return [];
      return [
        {
          name,
          description: tool
            ? tool.description
            : `Tool ${toolName} of the MCP server ${server}, which is not reachable at the moment.`,
          parameters: tool?.inputSchema ?? { type: 'object', additionalProperties: true },
          run: (args, ctx) => client.callTool(toolName, args, ctx.signal),
        } satisfies AgentTool,
      ];
    });
  }
}
