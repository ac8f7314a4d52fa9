import { isAbsolute, resolve } from 'node:path';

/**
 * The environment keys the console reads (apps/console/src/config.ts documents and validates
 * them; this is the shape the feature module needs from SERVICE_CONFIG).
 */
export interface ConsoleEnv {
  KAFKA_TOPIC_PREFIX: string;
  PLANNER_URL: string;
  PLANNER_TIMEOUT_MS: number;
  CONSOLE_WEB_DIR: string;
  CONSOLE_MAX_GOALS: number;
  CONSOLE_LAG_GROUPS: readonly string[];
  CONSOLE_LAG_REFRESH_MS: number;
  CONSOLE_STREAM_KEEPALIVE_MS: number;
}

/** How the console runs; see {@link ConsoleEnv} for where each value comes from. */
export interface ConsoleSettings {
  /** The planner's REST API, without a trailing slash. */
  plannerUrl: string;
  /** Longest a request passed on to the planner may take. */
  plannerTimeoutMs: number;
  /** The built single-page app, absolute. */
  webDir: string;
  /** Goals the read model keeps. */
  maxGoals: number;
  /** Consumer groups whose lag the swarm view shows, without the deployment's prefix. */
  lagGroups: readonly string[];
  /** The deployment's topic and group prefix. */
  prefix: string;
  /** How old the lag figures may get before they are read again. */
  lagRefreshMs: number;
  /** Interval of the comment line that keeps an idle live stream open. */
  keepAliveMs: number;
  /** Interval of the `swarm` event of the live stream. */
  swarmIntervalMs: number;
  /** Changes of goals and agents are gathered for this long before they are streamed. */
  flushIntervalMs: number;
  /** An agent's row is streamed at most once per this interval. */
  agentIntervalMs: number;
}

export const CONSOLE_SETTINGS = Symbol('CONSOLE_SETTINGS');

export function consoleSettingsFromEnv(env: ConsoleEnv, cwd = process.cwd()): ConsoleSettings {
  return {
    plannerUrl: env.PLANNER_URL.replace(/\/+$/, ''),
    plannerTimeoutMs: env.PLANNER_TIMEOUT_MS,
    webDir: isAbsolute(env.CONSOLE_WEB_DIR)
      ? env.CONSOLE_WEB_DIR
      : resolve(cwd, env.CONSOLE_WEB_DIR),
    maxGoals: env.CONSOLE_MAX_GOALS,
    lagGroups: [...env.CONSOLE_LAG_GROUPS],
    prefix: env.KAFKA_TOPIC_PREFIX,
    lagRefreshMs: env.CONSOLE_LAG_REFRESH_MS,
    keepAliveMs: env.CONSOLE_STREAM_KEEPALIVE_MS,
    swarmIntervalMs: 2_000,
    flushIntervalMs: 250,
    agentIntervalMs: 1_000,
  };
}
