import { join } from 'node:path';
import {
  checkLlmEnv,
  defineServiceEnv,
  envBoolean,
  envPort,
  envPositiveInt,
  llmEnvShape,
} from '@agora/config';
import {
  AgentSourceError,
  loadAgents,
  loadSkillModules,
  SkillModuleError,
} from '@agora/executor/feature';
import { z } from 'zod';
import { skills } from './skills';

/** The agents hosted when neither AGENTS nor AGENTS_FILE is set. */
export const defaultAgentsFile = join(__dirname, '..', 'agents.yaml');

/** A comma-separated list that may be empty. */
const commaList = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );

/** The executor's environment: the shared service keys plus its own. */
export const executorEnvSchema = defineServiceEnv({
  /** @default 3002 */
  HTTP_PORT: envPort(3002),
  /**
   * The agents to host, as inline JSON (a list, or `{ "agents": [...], "mcpServers": {...} }`);
   * wins over AGENTS_FILE. @default unset
   */
  AGENTS: z.string().optional(),
  /**
   * A YAML or JSON file listing the agents to host, and under `mcpServers` the MCP servers whose
   * tools they may call. @default apps/executor/agents.yaml
   */
  AGENTS_FILE: z.string().optional(),
  /**
   * Appended to every agent id (`writer-1-<suffix>`), so several processes can host the same
   * agent list; also names this process's consumer groups. @default unset
   */
  AGENT_ID_SUFFIX: z.string().optional(),
  /** Use the host name as AGENT_ID_SUFFIX when that is unset (one pod, one suffix). @default false */
  AGENT_ID_FROM_HOSTNAME: envBoolean(false),
  /** Period of every agent's AgentHeartbeat; changes are announced at once as well. @default 2000 */
  HEARTBEAT_INTERVAL_MS: envPositiveInt(2_000),
  /**
   * Period of TaskProgress while working, which renews the lease; capped at a third of the
   * award's lease. @default 5000
   */
  LEASE_RENEW_MS: envPositiveInt(5_000),
  /** How long a shutdown waits for running tasks before releasing them for re-auction. @default 20000 */
  DRAIN_TIMEOUT_MS: envPositiveInt(20_000),
  /** Longest an agent works on one attempt before failing it with code timeout. @default 120000 */
  TASK_TIMEOUT_MS: envPositiveInt(120_000),
  /** Longest a gather, retrieve or validate step waits for memory's answer. @default 10000 */
  MEMORY_SEARCH_TIMEOUT_MS: envPositiveInt(10_000),
  /**
   * The memory service's REST API (e.g. http://127.0.0.1:3004), for agents' memory_write tool;
   * unset, agents cannot write to memory. @default unset
   */
  MEMORY_URL: z.url({ error: 'expected an absolute URL' }).optional(),
  /**
   * The planner's REST API (e.g. http://127.0.0.1:3001), for agents' ask_agent tool, which
   * submits sub-goals there and waits for them; unset, agents cannot ask other agents.
   * @default unset
   */
  PLANNER_URL: z.url({ error: 'expected an absolute URL' }).optional(),
  /**
   * Commands detect, remediate and verify may run, comma-separated; `cmd *` allows cmd with any
   * arguments. Commands run without a shell. @default 'uptime,df -h,free -m,echo *'
   */
  SHELL_ALLOWLIST: commaList('uptime,df -h,free -m,echo *'),
  /** Longest an allow-listed command may run. @default 10000 */
  SHELL_TIMEOUT_MS: envPositiveInt(10_000),
  /** Hosts (`host` or `host:port`) the HTTP GET skill may call, comma-separated. @default '' (none) */
  HTTP_ALLOWLIST: commaList(''),
  /** Longest an HTTP GET may take. @default 10000 */
  HTTP_TIMEOUT_MS: envPositiveInt(10_000),
  /**
   * Modules whose exported skills (defineSkill) the executor registers beside the built-in ones,
   * comma-separated paths from the working directory; agents may then declare their
   * capabilities. @default '' (none)
   */
  SKILL_MODULES: commaList(''),
  // The model behind the text skills; without one every skill is deterministic and offline.
  ...llmEnvShape,
})
  .superRefine((env, ctx) => {
    checkLlmEnv(env, ctx);
  })
  .transform((env, ctx) => {
    try {
      loadSkillModules(env.SKILL_MODULES, skills);
      return { ...env, ...loadAgents(env, defaultAgentsFile, skills.capabilities()) };
    } catch (error) {
      if (!(error instanceof AgentSourceError) && !(error instanceof SkillModuleError)) throw error;
      ctx.addIssue({ code: 'custom', path: [error.key], message: error.message });
      return z.NEVER;
    }
  });

export type ExecutorEnv = z.output<typeof executorEnvSchema>;
