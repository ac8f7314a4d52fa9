import { defineServiceEnv, envList, envPort, envPositiveInt, envUrl } from '@agora/config';
import { z } from 'zod';

/** The console's environment: the shared service keys plus its own. */
export const consoleEnvSchema = defineServiceEnv({
  /** Port of the console: the web app, its API, /health and /metrics. @default 3006 */
  HTTP_PORT: envPort(3006),
  /**
   * The planner's REST API, to which submitting goals, listing workflows and the dead-letter API
   * are passed on. @default 'http://127.0.0.1:3000'
   */
  PLANNER_URL: envUrl().default('http://127.0.0.1:3000'),
  /**
   * Longest a request passed on to the planner may take (reading the dead-letter topic takes a
   * while when it is long). @default 30000
   */
  PLANNER_TIMEOUT_MS: envPositiveInt(30_000),
  /**
   * The built web app (`npm run build:console`), relative to the working directory (the
   * repository, or /app in the image). @default 'dist/console-web'
   */
  CONSOLE_WEB_DIR: z.string().trim().min(1, 'expected a directory').default('dist/console-web'),
  /** Goals the view keeps; the oldest are dropped with their tasks beyond it. @default 5000 */
  CONSOLE_MAX_GOALS: envPositiveInt(5_000).pipe(
    z.number().max(100_000, 'expected at most 100000: every goal is held in memory'),
  ),
  /**
   * Consumer groups whose lag the swarm view shows, comma-separated, without the topic prefix:
   * the services' groups that commit offsets (executors' groups commit none).
   * @default 'agora.planner,agora.auction,agora.evaluator,agora.memory,agora.memory.search'
   */
  CONSOLE_LAG_GROUPS: envList().default([
    'agora.planner',
    'agora.auction',
    'agora.evaluator',
    'agora.memory',
    'agora.memory.search',
  ]),
  /** How old the lag figures may get before they are read from the brokers again. @default 5000 */
  CONSOLE_LAG_REFRESH_MS: envPositiveInt(5_000),
  /**
   * Interval of the comment line that keeps an idle live stream open through proxies.
   * @default 15000
   */
  CONSOLE_STREAM_KEEPALIVE_MS: envPositiveInt(15_000),
});

export type ConsoleEnv = z.output<typeof consoleEnvSchema>;
