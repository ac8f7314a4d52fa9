import { errorClassifications } from '@agora/messaging';
import { z } from 'zod';
import { parsePosition, parseTime, POSITION_PATTERN, TIME_EXAMPLE } from '../dead-letter-query';

const time = z
  .string()
  .refine((s) => parseTime(s) !== undefined, `must be an ISO 8601 time, e.g. ${TIME_EXAMPLE}`)
  .transform((s) => parseTime(s)!);

/** The filter criteria, shared by GET /dead-letters and POST /dead-letters/replay. */
const filterShape = {
  topic: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be a topic name or an event type, e.g. GoalSubmitted')
    .optional()
    .describe('Only dead letters from this source topic (a topic name or an event type)'),
  classification: z
    .enum(errorClassifications)
    .optional()
    .describe('Only dead letters given up on for this reason'),
  since: time.optional().describe('Only dead letters that failed at or after this time'),
  until: time.optional().describe('Only dead letters that failed before this time'),
};

const filterKeys = Object.keys(filterShape) as (keyof typeof filterShape)[];

function sinceBeforeUntil(value: { since?: number; until?: number }, ctx: z.RefinementCtx): void {
  if (value.since !== undefined && value.until !== undefined && value.until <= value.since) {
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be later than since' });
  }
}

/** GET /dead-letters query. */
export const listDeadLettersSchema = z
  .object({
    ...filterShape,
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
  .superRefine(sinceBeforeUntil);

const digits = (what: string) => z.string().regex(/^\d+$/, `must be a ${what}`);

/** GET /dead-letters/:partition/:offset path. */
export const deadLetterPathSchema = z.object({
  partition: digits('partition number').transform(Number),
  offset: digits('non-negative offset').transform((s) => BigInt(s).toString()),
});

/** POST /dead-letters/replay body: positions, or all that pass the filters. */
export const replayDeadLettersSchema = z
  .object({
    positions: z
      .array(
        z
          .string()
          .regex(POSITION_PATTERN, "must be a dead letter's position, partition:offset, e.g. 0:17")
          .transform((s) => parsePosition(s)!),
      )
      .min(1, 'must name at least one dead letter')
      .max(1000, 'must name at most 1000 dead letters')
      .optional()
      .describe("Dead letters' positions (`position` in the list), replayed in this order"),
    all: z
      .literal(true)
      .optional()
      .describe('Every dead letter that passes the filters, oldest first'),
    ...filterShape,
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.positions === undefined) === (value.all === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['positions'],
        message:
          value.all === undefined
            ? 'name the dead letters to replay, or give all: true (with filters)'
            : 'give positions or all: true, not both',
      });
    }
    if (value.positions !== undefined) {
      for (const key of filterKeys.filter((k) => value[k] !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'filters apply to all: true, not to positions',
        });
      }
    }
    sinceBeforeUntil(value, ctx);
  });

/** POST /dead-letters/purge body. */
export const purgeDeadLettersSchema = z
  .object({
    before: time.optional().describe('Delete every dead letter written before this time'),
    all: z.literal(true).optional().describe('Delete every dead letter'),
    confirm: z
      .boolean()
      .default(false)
      .describe('Delete; without it the answer only says what would be deleted (a dry run)'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.before === undefined) === (value.all === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['before'],
        message:
          value.all === undefined
            ? 'say what to purge: before (a time) or all: true'
            : 'give before or all: true, not both',
      });
    }
  });
