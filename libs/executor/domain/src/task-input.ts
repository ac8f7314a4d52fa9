import type { TaskInput } from '@agora/contracts';
import { z } from 'zod';

// Upstream outputs are checked loosely here (kind and object shape); each skill checks the
// fields it reads, so one unexpected field in an unrelated output does not fail the task.
const upstream = z.object({
  taskId: z.string(),
  name: z.string(),
  capability: z.string(),
  output: z.looseObject({ kind: z.string() }),
});

const taskInputSchema = z.object({
  goal: z.string({ error: 'expected a string' }),
  inputs: z.record(z.string(), z.string()).default({}),
  params: z.record(z.string(), z.unknown()).default({}),
  upstream: z.array(upstream).default([]),
  feedback: z.string().optional(),
});

/** Input that cannot be worked on; retrying will not help. */
export class InvalidTaskInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTaskInputError';
  }
}

/** Parses TaskAwarded.input, naming the first bad field (`input.upstream.0.output.kind: …`). */
export function parseTaskInput(json: string): TaskInput {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidTaskInputError(`input: not JSON (${(error as Error).message})`);
  }
  const result = taskInputSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = ['input', ...(issue?.path ?? []).map(String)].join('.');
    throw new InvalidTaskInputError(`${path}: ${issue?.message ?? 'invalid'}`);
  }
  // Upstream outputs were only checked for a kind; skills check the fields they read.
  return result.data as unknown as TaskInput;
}
