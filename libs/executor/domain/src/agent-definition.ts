import {
  capabilityNamePattern,
  DEFAULT_VISIBILITY,
  quoteOf,
  stricterVisibility,
  visibilities,
  type Visibility,
} from '@agora/contracts';
import { z } from 'zod';
import { substituteEnv } from './env-substitution';
import {
  parseMcpServers,
  parseMcpToolRef,
  type McpServerDefinition,
  type McpToolRef,
  type McpToolSelector,
} from './mcp-servers';

/** How an agent prices a task: a base price, scaled per capability. */
export interface AgentCostModel {
  /** US dollars asked for any task. */
  basePerTaskUsd: number;
  /** Multiplier of the base price per capability; 1 when a capability is not listed. */
  capabilityFactor: Record<string, number>;
}

/** The model an agent thinks with, when it is not the executor-wide LLM_* model. */
export interface AgentModel {
  provider: 'openai' | 'anthropic';
  model: string;
  /** @default the provider's public endpoint */
  baseUrl?: string | undefined;
  /** Name of the environment variable holding the API key; the key itself is never in the file. */
  apiKeyEnv?: string | undefined;
  /** US dollars per 1000 input tokens. @default 0 */
  priceInputPer1k: number;
  /** US dollars per 1000 output tokens. @default 0 */
  priceOutputPer1k: number;
}

/** Bounds on one attempt of a model-driven agent; crossing one fails the attempt for good. */
export interface AgentLimits {
  /** Model turns per attempt, repair turn included. @default 8 */
  maxIterations: number;
  /** Input plus output tokens per attempt. @default unlimited */
  maxTokens?: number | undefined;
  /** US dollars of model usage per attempt. @default unlimited */
  maxCostUsd?: number | undefined;
}

/** Tools a model-driven agent may be given (see agentTools in the executor). */
export const agentToolNames = [
  'memory_search',
  'memory_write',
  'http_get',
  'shell',
  'ask_agent',
] as const;
export type AgentToolName = (typeof agentToolNames)[number];

/** An entry of an agent's `tools`: a built-in tool, or `mcp:<server>/<tool>` (`*` for all). */
export type AgentToolEntry = AgentToolName | McpToolRef;

function isAgentToolEntry(value: unknown): value is AgentToolEntry {
  if (typeof value !== 'string') return false;
  return (agentToolNames as readonly string[]).includes(value) || !!parseMcpToolRef(value);
}

/** An agent's tool entries split into the built-in tools and the MCP servers' tools. */
export function splitToolEntries(entries: readonly AgentToolEntry[]): {
  builtIn: AgentToolName[];
  mcp: McpToolSelector[];
} {
  const builtIn: AgentToolName[] = [];
  const mcp: McpToolSelector[] = [];
  for (const entry of entries) {
    const selector = parseMcpToolRef(entry);
    if (selector) mcp.push(selector);
    else builtIn.push(entry as AgentToolName);
  }
  return { builtIn, mcp };
}

/** One agent hosted by an executor process, as configured. */
export interface AgentDefinition {
  /** Unique across every executor process (see AGENT_ID_SUFFIX). */
  id: string;
  capabilities: string[];
  /** Tasks the agent works on at once. */
  capacity: number;
  cost: AgentCostModel;
  /** Duration estimate before the agent has any history for a capability. */
  defaultDurationMs: number;
  /**
   * Shortest time a task takes: the agent holds its result until this much time has passed
   * since it started (renewing its lease meanwhile). Models an agent whose work takes real time,
   * for demonstrations and failover drills. @default 0
   */
  minDurationMs: number;
  /** System prompt: who the agent is. @default the skill's own prompt */
  role?: string | undefined;
  /** Its own model. @default the executor-wide LLM_* model, if any */
  model?: AgentModel | undefined;
  /** @default the provider's own default */
  temperature?: number | undefined;
  /**
   * Tools the model may call: built-in ones by name, and tools of the MCP servers under
   * `mcpServers` as `mcp:<server>/<tool>` or `mcp:<server>/*`. @default ['memory_search']
   */
  tools?: AgentToolEntry[] | undefined;
  /** @default { maxIterations: 8 } */
  limits?: AgentLimits | undefined;
  /** What the agent may take from memory. @default no limit of its own */
  memory?: AgentMemory | undefined;
}

/** An agent's own bounds on memory. */
export interface AgentMemory {
  /**
   * The most the agent may quote, whatever the step allows: `public` for an agent that talks to
   * customers. A task's searches go out with the stricter of this and the step's `params.quote`.
   * @default internal (what a step that says nothing allows)
   */
  maxVisibility?: Visibility | undefined;
}

/** The tools an agent's model is offered. */
export function toolsOf(agent: AgentDefinition): readonly AgentToolEntry[] {
  return agent.tools ?? ['memory_search'];
}

/**
 * What a task may quote from memory: the stricter of the step's `params.quote` and the agent's
 * `memory.maxVisibility`, internal when neither says. A bad `params.quote` throws an
 * InvalidVisibilityError naming it.
 */
export function quoteLevelOf(
  agent: AgentDefinition | undefined,
  params: Readonly<Record<string, unknown>>,
): Visibility {
  return stricterVisibility(quoteOf(params), agent?.memory?.maxVisibility) ?? DEFAULT_VISIBILITY;
}

/** The limits of one attempt, defaults filled in. */
export function limitsOf(agent: AgentDefinition | undefined): AgentLimits {
  return { maxIterations: 8, ...agent?.limits };
}

const agentSchema = z.strictObject({
  id: z
    .string({ error: 'expected a string' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, dot, dash or underscore'),
  capabilities: z
    .array(
      z
        .string()
        .regex(
          capabilityNamePattern,
          "expected a capability name: lower-case words joined by '-' or '.', e.g. translate",
        ),
      { error: 'expected a list of capabilities' },
    )
    .min(1, 'expected at least one capability'),
  capacity: z
    .number({ error: 'expected a whole number from 1 to 64' })
    .int('expected a whole number from 1 to 64')
    .min(1, 'expected a whole number from 1 to 64')
    .max(64, 'expected a whole number from 1 to 64'),
  cost: z
    .strictObject({
      basePerTaskUsd: z.number({ error: 'expected a number' }).min(0, 'expected 0 or more'),
      capabilityFactor: z
        .record(z.string(), z.number().positive('expected a factor above 0'))
        .default({}),
    })
    .default({ basePerTaskUsd: 0, capabilityFactor: {} }),
  defaultDurationMs: z
    .number({ error: 'expected a number of milliseconds' })
    .int()
    .positive('expected a positive number of milliseconds')
    .default(2_000),
  minDurationMs: z
    .number({ error: 'expected a number of milliseconds' })
    .int()
    .min(0, 'expected 0 or more milliseconds')
    .default(0),
  role: z.string().trim().min(1, 'expected a non-empty system prompt').optional(),
  model: z
    .strictObject({
      provider: z.enum(['openai', 'anthropic'], { error: "expected 'openai' or 'anthropic'" }),
      model: z.string({ error: 'expected a model name' }).min(1, 'expected a model name'),
      baseUrl: z.url({ error: 'expected a URL' }).optional(),
      apiKeyEnv: z
        .string()
        .regex(
          /^[A-Za-z_][A-Za-z0-9_]*$/,
          'expected the name of an environment variable holding the key, not the key',
        )
        .optional(),
      priceInputPer1k: z
        .number({ error: 'expected a number' })
        .min(0, 'expected 0 or more')
        .default(0),
      priceOutputPer1k: z
        .number({ error: 'expected a number' })
        .min(0, 'expected 0 or more')
        .default(0),
    })
    .optional(),
  temperature: z
    .number({ error: 'expected a number from 0 to 2' })
    .min(0, 'expected a number from 0 to 2')
    .max(2, 'expected a number from 0 to 2')
    .optional(),
  tools: z
    .array(
      z.custom<AgentToolEntry>(isAgentToolEntry, {
        error: `expected one of ${agentToolNames.join(', ')}, or mcp:<server>/<tool> or mcp:<server>/* for a tool of a server under mcpServers`,
      }),
      { error: 'expected a list of tools' },
    )
    .optional(),
  memory: z
    .strictObject({
      maxVisibility: z
        .enum(visibilities, { error: `expected one of ${visibilities.join(', ')}` })
        .optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      maxIterations: z
        .number({ error: 'expected a whole number from 1 to 50' })
        .int('expected a whole number from 1 to 50')
        .min(1, 'expected a whole number from 1 to 50')
        .max(50, 'expected a whole number from 1 to 50')
        .default(8),
      maxTokens: z.number().int().positive('expected a positive number of tokens').optional(),
      maxCostUsd: z.number().positive('expected a positive amount of US dollars').optional(),
    })
    .optional(),
});

/** A bad agent list; the message names the agent and the field. */
export class AgentDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentDefinitionError';
  }
}

/** What an agents file configures: the agents, and the MCP servers whose tools they may use. */
export interface AgentsConfig {
  agents: AgentDefinition[];
  mcpServers: McpServerDefinition[];
}

/** Options of {@link parseAgentsConfig}. */
export interface AgentsConfigOptions {
  /** Capabilities some registered skill serves; an agent may declare only those. */
  served?: readonly string[] | undefined;
  /**
   * Where `${NAME}` in an MCP server's env and headers, and `${NAME}` or `${NAME:-default}` in
   * an agent's values, are looked up. @default {}
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Validates a list of agents read from YAML or JSON: either a list, or `{ agents: [...] }`.
 * Reports every problem, each as `agent <id or #index>: <field>: <problem>`.
 */
export function parseAgentDefinitions(
  raw: unknown,
  source: string,
  /** Capabilities some registered skill serves; an agent may declare only those. */
  served?: readonly string[],
): AgentDefinition[] {
  return parseAgentsConfig(raw, source, { served }).agents;
}

/**
 * Validates an agents file: a list of agents, or `{ agents: [...], mcpServers: {...} }`.
 * Reports every problem at once, each naming the agent (`agent <id or #index>: <field>: …`) or
 * the server (`mcpServers.<name>.<field>: …`); an agent's `mcp:` tool must name a configured
 * server. Whether a server is up is not checked here: that is for run time.
 */
export function parseAgentsConfig(
  raw: unknown,
  source: string,
  options: AgentsConfigOptions = {},
): AgentsConfig {
  const { served } = options;
  const file =
    raw && typeof raw === 'object' && !Array.isArray(raw) && 'agents' in raw
      ? (raw as { agents: unknown; mcpServers?: unknown })
      : undefined;
  const list: unknown = file ? file.agents : raw;
  if (!Array.isArray(list) || list.length === 0) {
    throw new AgentDefinitionError(`${source}: expected a non-empty list of agents`);
  }
  const { servers: mcpServers, problems } = parseMcpServers(file?.mcpServers, options.env);
  // A server named but invalid is reported once, under mcpServers, not again for each agent.
  const declared = file?.mcpServers;
  const serverNames = new Set(
    declared && typeof declared === 'object' && !Array.isArray(declared)
      ? Object.keys(declared)
      : [],
  );
  const agents: AgentDefinition[] = [];
  list.forEach((item: unknown, index) => {
    const id =
      item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
        ? (item as { id: string }).id
        : `#${index + 1}`;
    const result = agentSchema.safeParse(
      substituteEnv(item, options.env ?? {}, `agent ${id}`, problems),
    );
    // Checked apart from the schema, so that a bad field elsewhere does not hide a missing server.
    const tools: unknown =
      item && typeof item === 'object' ? (item as { tools?: unknown }).tools : [];
    (Array.isArray(tools) ? tools : []).forEach((entry: unknown, i) => {
      const ref = typeof entry === 'string' ? parseMcpToolRef(entry) : undefined;
      if (ref && !serverNames.has(ref.server)) {
        problems.push(
          `agent ${id}: tools.${i}: no MCP server '${ref.server}' under mcpServers (configured: ${[...serverNames].join(', ') || 'none'})`,
        );
      }
    });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.map(String).join('.') || '(agent)';
        problems.push(`agent ${id}: ${field}: ${issue.message}`);
      }
      return;
    }
    for (const capability of result.data.capabilities) {
      if (served && !served.includes(capability)) {
        problems.push(
          `agent ${id}: capabilities: no skill of this executor serves '${capability}' (served: ${served.join(', ')}); register a skill for it, or run the agent in its own process with @agora/agent-sdk`,
        );
      }
    }
    for (const capability of Object.keys(result.data.cost.capabilityFactor)) {
      if (!result.data.capabilities.includes(capability)) {
        problems.push(
          `agent ${id}: cost.capabilityFactor.${capability}: the agent does not have this capability`,
        );
      }
    }
    agents.push(result.data);
  });
  const seen = new Set<string>();
  for (const agent of agents) {
    if (seen.has(agent.id)) problems.push(`agent ${agent.id}: id: used by another agent`);
    seen.add(agent.id);
  }
  if (problems.length > 0) {
    throw new AgentDefinitionError(`${source}: invalid agents\n  - ${problems.join('\n  - ')}`);
  }
  return { agents, mcpServers };
}

/** Appends `-<suffix>` to every agent id, so several processes can host the same list. */
export function withAgentIdSuffix(
  agents: readonly AgentDefinition[],
  suffix: string | undefined,
): AgentDefinition[] {
  const clean = (suffix ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return agents.map((a) => (clean ? { ...a, id: `${a.id}-${clean}` } : { ...a }));
}
