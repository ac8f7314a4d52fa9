import { goalStates, shippedWorkflowNames } from '@agora/planner/domain';
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** POST /goals. */
export const submitGoalSchema = z
  .object({
    goal: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(4000, 'must be at most 4000 characters'),
    workflow: z.enum(shippedWorkflowNames).optional(),
    inputs: z.record(z.string(), z.string()).optional(),
    priority: z.number().int().min(-100).max(100).optional(),
    budget: z
      .object({
        deadlineSeconds: z.number().int().positive().optional(),
        maxTasks: z.number().int().positive().optional(),
        maxCostUsd: z.number().positive().optional(),
        maxWaitSeconds: z.number().positive().optional(),
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

/** Parses a request part, or throws a 400 whose message names every bad field. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: string,
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
    return { field: unknownKeys ?? (path || part), message: issue.message };
  });
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    fields,
  });
}
