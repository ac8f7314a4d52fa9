import { checkLlmEnv, defineServiceEnv, envPort, envPositiveInt, llmEnvShape } from '@agora/config';
import { WorkflowCatalog } from '@agora/planner/domain';
import { z } from 'zod';

/** The planner's environment: the shared service keys plus its own. */
export const plannerEnvSchema = defineServiceEnv({
  /** Port of the goals API, /health and /metrics. @default 3000 */
  HTTP_PORT: envPort(3000),
  /**
   * Workflow for goals that name none (when no model plans them), and the fallback when a
   * model's plan is unusable. Unset, such goals are refused (POST /goals: 400) or fail as
   * unplannable, naming what to do, instead of running a workflow nobody asked for. May name a
   * registered workflow: it is checked once those are read from agora.planner.workflows, and
   * start-up fails naming the key when it is unknown.
   * @default undefined
   */
  PLANNER_DEFAULT_WORKFLOW: z.string().trim().min(1).optional(),
  /**
   * A folder of workflow YAML files (one workflow per file, named like the file) added to the
   * shipped ones; a file named like a shipped workflow replaces it. Checked at start-up: a bad
   * file stops the planner with an error naming the file, step and field. These, like the
   * shipped ones, are this replica's defaults, which workflows registered over the API
   * (POST /workflows) cannot replace.
   * @default undefined: the shipped workflows only
   */
  PLANNER_WORKFLOWS_DIR: z.string().trim().min(1).optional(),
  /** How often each replica looks for goals past their deadline, in milliseconds. @default 1000 */
  PLANNER_SWEEP_INTERVAL_MS: envPositiveInt(1_000),
  /** Most goals one sweep handles. @default 100 */
  PLANNER_SWEEP_BATCH: envPositiveInt(100),
  /**
   * How long a goal may wait for its plan before a sweep plans it again (its replica may have
   * died while a model was planning it), in milliseconds.
   * @default 30000
   */
  PLANNER_REPLAN_AFTER_MS: envPositiveInt(30_000),
  /**
   * How long a task may stay ready, its call acted on by no auction (lost after an outage that
   * outlasted the retries), before a sweep sends the same call again, in milliseconds.
   * @default 120000
   */
  PLANNER_REDRIVE_AFTER_MS: envPositiveInt(120_000),
  /**
   * What POST /goals does once PLANNER_MAX_BACKLOG goals are unfinished: `queue` accepts it and
   * it waits its turn (in order of priority, then age); `reject` answers 429 with Retry-After.
   * Goals produced onto Kafka always queue: the topic is the queue. @default 'queue'
   */
  PLANNER_ADMISSION: z.enum(['queue', 'reject']).default('queue'),
  /** Unfinished goals at which POST /goals refuses new ones when admission rejects. @default 10000 */
  PLANNER_MAX_BACKLOG: envPositiveInt(10_000),
  // The model plans goals that name no workflow (PLANNER_DEFAULT_WORKFLOW otherwise).
  ...llmEnvShape,
}).superRefine((env, ctx) => {
  checkLlmEnv(env, ctx);
});

export type PlannerEnv = z.output<typeof plannerEnvSchema>;

/**
 * The default workflows this planner plans with: the shipped ones, plus PLANNER_WORKFLOWS_DIR's.
 * Registered workflows join them at start (WorkflowRegistry), which then checks
 * PLANNER_DEFAULT_WORKFLOW against them all.
 */
export function workflowCatalogFor(
  env: Pick<PlannerEnv, 'PLANNER_WORKFLOWS_DIR'>,
): WorkflowCatalog {
  return env.PLANNER_WORKFLOWS_DIR
    ? WorkflowCatalog.withDirectory(env.PLANNER_WORKFLOWS_DIR)
    : WorkflowCatalog.fromDirectory();
}
