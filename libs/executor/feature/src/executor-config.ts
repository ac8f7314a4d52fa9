import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  AgentDefinitionError,
  parseAgentsConfig,
  withAgentIdSuffix,
  type AgentDefinition,
  type AgentsConfig,
  type McpServerDefinition,
} from '@agora/executor/domain';
import { parse as parseYaml } from 'yaml';

/**
 * The executor settings the feature reads from SERVICE_CONFIG; apps/executor/src/config.ts
 * declares and documents each key.
 */
export interface ExecutorConfig {
  /** The agents this process hosts, resolved from AGENTS / AGENTS_FILE and the id suffix. */
  agents: AgentDefinition[];
  /** MCP servers whose tools agents may call, from the same source as the agents. @default none */
  mcpServers?: McpServerDefinition[] | undefined;
  /** Names this process's own consumer groups; unique per process. */
  instanceId: string;
  KAFKA_TOPIC_PREFIX: string;
  HEARTBEAT_INTERVAL_MS: number;
  LEASE_RENEW_MS: number;
  DRAIN_TIMEOUT_MS: number;
  TASK_TIMEOUT_MS: number;
  MEMORY_SEARCH_TIMEOUT_MS: number;
  /** The memory service's REST API; without it agents have no memory_write tool. */
  MEMORY_URL?: string | undefined;
  /** The planner's REST API; without it agents have no ask_agent tool. */
  PLANNER_URL?: string | undefined;
  SHELL_ALLOWLIST: string[];
  SHELL_TIMEOUT_MS: number;
  HTTP_ALLOWLIST: string[];
  HTTP_TIMEOUT_MS: number;
  LLM_PROVIDER: 'none' | 'openai' | 'anthropic';
  LLM_BASE_URL?: string | undefined;
  LLM_API_KEY?: string | undefined;
  LLM_MODEL?: string | undefined;
  LLM_TIMEOUT_MS: number;
  LLM_PRICE_INPUT_PER_1K: number;
  LLM_PRICE_OUTPUT_PER_1K: number;
}

/** The raw keys agents are configured with. */
export interface AgentSource {
  AGENTS?: string | undefined;
  AGENTS_FILE?: string | undefined;
  AGENT_ID_SUFFIX?: string | undefined;
  AGENT_ID_FROM_HOSTNAME?: boolean | undefined;
}

/** A bad agent configuration, reported under the key to fix. */
export class AgentSourceError extends Error {
  constructor(
    readonly key: 'AGENTS' | 'AGENTS_FILE',
    message: string,
  ) {
    super(message);
    this.name = 'AgentSourceError';
  }
}

/**
 * The agents to host, and the MCP servers their tools come from: inline AGENTS (JSON) wins over
 * AGENTS_FILE (YAML or JSON), which wins over the bundled default file. Ids get AGENT_ID_SUFFIX,
 * or the host name when AGENT_ID_FROM_HOSTNAME is on, so replicas of one configuration do not
 * share ids. `${NAME}` in an MCP server's env or headers, and `${NAME}` or `${NAME:-default}` in
 * an agent's values, are read from this process's environment.
 */
export function loadAgents(
  source: AgentSource,
  defaultFile: string,
  /** Capabilities the executor's skills serve; agents may declare only those. */
  served?: readonly string[],
): AgentsConfig & { instanceId: string } {
  let raw: unknown;
  let key: 'AGENTS' | 'AGENTS_FILE' = 'AGENTS_FILE';
  let origin: string;
  if (source.AGENTS?.trim()) {
    key = 'AGENTS';
    origin = 'AGENTS';
    try {
      raw = JSON.parse(source.AGENTS);
    } catch (error) {
      throw new AgentSourceError(key, `not valid JSON (${(error as Error).message})`);
    }
  } else {
    const file = source.AGENTS_FILE?.trim() || defaultFile;
    origin = file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new AgentSourceError(key, `cannot read ${file} (${(error as Error).message})`);
    }
    try {
      raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new AgentSourceError(
        key,
        `${file} is not valid YAML or JSON (${(error as Error).message})`,
      );
    }
  }
  let parsed: AgentsConfig;
  try {
    parsed = parseAgentsConfig(raw, origin, { served, env: process.env });
  } catch (error) {
    if (error instanceof AgentDefinitionError) throw new AgentSourceError(key, error.message);
    throw error;
  }
  const suffix =
    source.AGENT_ID_SUFFIX?.trim() || (source.AGENT_ID_FROM_HOSTNAME ? hostname() : undefined);
  const suffixed = withAgentIdSuffix(parsed.agents, suffix);
  return {
    agents: suffixed,
    mcpServers: parsed.mcpServers,
    instanceId: instanceIdOf(suffixed, suffix),
  };
}

/**
 * The suffix when there is one; otherwise the host name plus a digest of the agent ids: names
 * this process's consumer groups (with its incarnation, see executorGroups).
 */
function instanceIdOf(agents: readonly AgentDefinition[], suffix: string | undefined): string {
  const base = (suffix ?? hostname()).toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  let hash = 0;
  for (const ch of agents.map((a) => a.id).join(',')) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `${base}-${hash.toString(36)}`;
}
