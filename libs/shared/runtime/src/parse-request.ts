import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** One field a request got wrong, as a 400 lists them. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Parses a request part, or throws a 400 whose message names every bad field. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: string,
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields: FieldProblem[] = result.error.issues.map((issue) => {
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

/** OpenAPI schema of the body of a 400 from {@link parseRequest}. */
export const badRequestBodySchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    message: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;
