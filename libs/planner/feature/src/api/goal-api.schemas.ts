import { goalStates } from '@agora/planner/domain';
import { z } from 'zod';

/** Text PostgreSQL can store: no NUL character (it refuses them, which would be a 500). */
const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters (\\u0000)');

/** A year: longer deadlines and waits are typing mistakes, and would overflow a timestamp. */
const YEAR_SECONDS = 365 * 24 * 3600;

/** POST /goals. */
export const submitGoalSchema = z
  .object({
    goal: text(4000).pipe(z.string().trim().min(1, 'must not be empty')),
    // Checked against the planner's live catalog by the controller (workflows are data).
    workflow: text(100).pipe(z.string().trim().min(1, 'must not be empty')).optional(),
    // The goal's own task graph instead of a workflow: its steps are validated by the controller
    // as a workflow's are (validateInlinePlan), so errors name the step and the field.
    plan: z
      .object({
        description: text(1000).optional(),
        steps: z.array(z.unknown()),
      })
      .strict()
      .optional(),
    inputs: z
      .record(text(200), text(20_000))
      .refine((r) => Object.keys(r).length <= 100, 'must have at most 100 entries')
      .optional(),
    priority: z.number().int().min(-100).max(100).optional(),
    budget: z
      .object({
        deadlineSeconds: z.number().int().positive().max(YEAR_SECONDS).optional(),
        maxTasks: z.number().int().positive().max(10_000).optional(),
        maxCostUsd: z.number().positive().max(1_000_000).optional(),
        maxWaitSeconds: z.number().positive().max(YEAR_SECONDS).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** GET /goals query. */
export const listGoalsSchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
    state: z.enum(goalStates).optional(),
  })
  .strict();

/** POST /goals/:goalId/tasks/:taskName/decision. */
export const decisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject'], { message: "must be 'approve' or 'reject'" }),
    comment: text(2000).optional(),
  })
  .strict();

/** POST /goals/:goalId/cancel: the body may be left out. */
export const cancelSchema = z
  .object({ reason: text(2000).optional() })
  .strict()
  .default({});

/** GET /decisions query. */
export const listDecisionsSchema = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(50) })
  .strict();
