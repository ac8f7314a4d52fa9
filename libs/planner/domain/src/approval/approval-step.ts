import { isPlannerCapability } from '@agora/contracts';
import { z } from 'zod';

/** The capability of a step that waits for a person's decision (see plannerCapabilities). */
export const APPROVAL_CAPABILITY = 'approval';

/** How long an approval waits for a person when its step does not say: a day. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 24 * 3600 * 1000;

/** Longest an approval may wait: a longer wait is a typing mistake, and would overflow a timestamp. */
export const MAX_APPROVAL_TIMEOUT_MS = 30 * 24 * 3600 * 1000;

/**
 * The params of an approval step. Other params are let through (they are the step's own), but
 * these are checked when the workflow is validated, so errors name the step and the field.
 */
const approvalParamsSchema = z.object({
  /** How long the step waits for a decision. @default 24 h */
  timeoutMs: z
    .number()
    .int('expected a whole number of milliseconds')
    .min(1000, 'expected at least 1000 (one second)')
    .max(MAX_APPROVAL_TIMEOUT_MS, `expected at most ${MAX_APPROVAL_TIMEOUT_MS} (30 days)`)
    .default(DEFAULT_APPROVAL_TIMEOUT_MS),
  /** What the step decides when nobody has by its deadline. @default 'reject' */
  onTimeout: z
    .enum(['reject', 'approve'], { message: "expected 'reject' or 'approve'" })
    .default('reject'),
  /** What the person is asked, shown with the pending decision. */
  prompt: z.string().max(2000, 'expected at most 2000 characters').optional(),
});

/** An approval step's settings, defaults filled in. */
export type ApprovalSettings = z.output<typeof approvalParamsSchema>;

/** A person's decision on an approval step. */
export type ApprovalDecision = 'approve' | 'reject';

/** Whether a task is served by the planner itself (never auctioned). */
export function isHumanStep(step: { capability: string }): boolean {
  return isPlannerCapability(step.capability);
}

/**
 * Problems with an approval step's params, each with the param's name; none for a step of any
 * other capability.
 */
export function approvalParamProblems(
  capability: string,
  params: Record<string, unknown>,
): { param: string; message: string }[] {
  if (capability !== APPROVAL_CAPABILITY) return [];
  const parsed = approvalParamsSchema.safeParse(params);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    param: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** An approval step's settings from its (validated) params. */
export function approvalSettings(params: Record<string, unknown>): ApprovalSettings {
  const parsed = approvalParamsSchema.safeParse(params);
  // Params were validated with the workflow; a task planned before a bound changed keeps defaults.
  return parsed.success ? parsed.data : approvalParamsSchema.parse({});
}
