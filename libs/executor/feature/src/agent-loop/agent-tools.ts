import {
  MAX_DELEGATION_DEPTH,
  parseAgentAsk,
  sourcesFromHits,
  type AgentToolName,
  type SkillContext,
} from '@agora/executor/domain';
import type { ToolDefinition } from '@agora/llm';

/**
 * A tool a model-driven agent may call: its JSON Schema for the model, and what it does through
 * the task's SkillContext (so the executor's allow-lists, time-outs and cancellation apply).
 * The result is text for the model; a failure is thrown and handed back to the model as text.
 */
export interface AgentTool extends ToolDefinition {
  /** A built-in tool's name, or an MCP server's tool as `<server>__<tool>` (see McpTools). */
  name: string;
  /** Whether this context can serve the tool at all (memory_write needs MEMORY_URL). */
  available?(ctx: SkillContext): boolean;
  /**
   * Whether a call may be made again when an attempt resumes from its journal and the call was
   * started but its result never recorded (the process died meanwhile): true for tools that only
   * read, or whose effect is the same however often it happens. Such a call is made again; any
   * other is not, and the model is told its outcome is unknown.
   * @default false
   */
  repeatable?: boolean;
  /** `callId` is the model's id of this call: the same when an attempt resumes from its journal. */
  run(args: Record<string, unknown>, ctx: SkillContext, callId: string): Promise<string>;
}

/** Longest tool result handed back to the model, in characters; the rest is cut. */
export const TOOL_RESULT_MAX_CHARS = 8_000;

/** A required string argument, or an error the model can act on. */
function stringArg(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || !value.trim()) {
    throw new Error(`argument '${name}' is required and must be a non-empty string`);
  }
  return value;
}

const memorySearch: AgentTool = {
  name: 'memory_search',
  repeatable: true,
  description:
    'Searches the knowledge in memory. Returns passages with their itemId, title and an exact quote; cite a passage by its itemId and quote.',
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What to look for.' },
      k: { type: 'integer', minimum: 1, maximum: 20, description: 'Most passages wanted (5).' },
    },
    required: ['query'],
  },
  async run(args, ctx) {
    const query = stringArg(args, 'query');
    const k = typeof args['k'] === 'number' && args['k'] >= 1 ? Math.min(20, args['k']) : 5;
    const hits = await ctx.searchMemory({ query, k: Math.floor(k), kinds: ['knowledge'] });
    const { sources } = sourcesFromHits(query, hits, 3);
    return JSON.stringify(sources.length > 0 ? sources : { hits: [], note: 'nothing found' });
  },
};

const memoryWrite: AgentTool = {
  name: 'memory_write',
  // Memory keys a document by its source, else its title: storing it again replaces it.
  repeatable: true,
  description: 'Stores a document in memory as knowledge, for later searches by any agent.',
  parameters: {
    type: 'object',
    properties: {
      title: { type: 'string' },
      content: { type: 'string', description: 'The text to store, Markdown allowed.' },
      source: { type: 'string', description: 'Where it came from (a URL), if anywhere.' },
    },
    required: ['title', 'content'],
  },
  available: (ctx) => ctx.writeMemory !== undefined,
  async run(args, ctx) {
    if (!ctx.writeMemory) throw new Error('memory_write is not available in this executor');
    const source = args['source'];
    await ctx.writeMemory({
      title: stringArg(args, 'title'),
      content: stringArg(args, 'content'),
      ...(typeof source === 'string' && source ? { source } : {}),
    });
    return JSON.stringify({ stored: true });
  },
};

const httpGet: AgentTool = {
  name: 'http_get',
  repeatable: true,
  description:
    'GETs a URL whose host is on the executor allow-list; returns the status and the body.',
  parameters: {
    type: 'object',
    properties: { url: { type: 'string', description: 'An http(s) URL.' } },
    required: ['url'],
  },
  async run(args, ctx) {
    return JSON.stringify(await ctx.httpGet(stringArg(args, 'url')));
  },
};

const shell: AgentTool = {
  name: 'shell',
  description:
    'Runs one command on the executor allow-list, without a shell; returns exit code, stdout and stderr.',
  parameters: {
    type: 'object',
    properties: { command: { type: 'string', description: 'The command line, e.g. df -h.' } },
    required: ['command'],
  },
  async run(args, ctx) {
    return JSON.stringify(await ctx.runCommand(stringArg(args, 'command')));
  },
};

/**
 * Another agent does a sub-task: a goal of its own with one step, auctioned like any other.
 * Repeatable: the sub-goal is submitted with an Idempotency-Key made of the task, the call and
 * what it asks, so an interrupted call made again (after a crash, on another agent) finds the
 * sub-goal it had started and waits for it, rather than starting a second one.
 */
const askAgent: AgentTool = {
  name: 'ask_agent',
  description: `Asks another agent of the swarm to do a sub-task and waits for its answer: the sub-task becomes a goal of its own, awarded by auction to an agent with the capability. Returns the sub-goal's goalId and output. Sub-goals may go ${MAX_DELEGATION_DEPTH} deep.`,
  parameters: {
    type: 'object',
    properties: {
      capability: {
        type: 'string',
        description: 'The capability the sub-task needs, e.g. classify, retrieve, translate.',
      },
      request: {
        type: 'string',
        description: 'What to do, with everything the other agent needs (it sees nothing else).',
      },
      output: {
        type: 'string',
        description:
          'The output kind wanted (e.g. text); needed only for a capability that is not built in.',
      },
    },
    required: ['capability', 'request'],
  },
  repeatable: true,
  available: (ctx) => ctx.askAgent !== undefined,
  async run(args, ctx, callId) {
    if (!ctx.askAgent) throw new Error('ask_agent is not available in this executor');
    return JSON.stringify(await ctx.askAgent(parseAgentAsk(args), callId));
  },
};

/** Every tool an agent may be given, by name. */
export const agentTools: Readonly<Record<AgentToolName, AgentTool>> = {
  memory_search: memorySearch,
  memory_write: memoryWrite,
  http_get: httpGet,
  shell,
  ask_agent: askAgent,
};

/** The tools of an allow-list this context can serve. */
export function toolsFor(names: readonly AgentToolName[], ctx: SkillContext): AgentTool[] {
  return names.map((n) => agentTools[n]).filter((t) => t.available?.(ctx) ?? true);
}
