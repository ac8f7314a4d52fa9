import { z } from 'zod';
import type { TaskOutput } from './built-in-kinds';
import { describeIssues } from './output-kinds';

const upstreamSchema = z.object({
  taskId: z.string(),
  name: z.string().describe('Step name in the workflow, e.g. `gather`.'),
  capability: z.string(),
  // Outputs of upstream tasks were checked by the evaluator when they were accepted; here only
  // their kind is required, so a kind this reader does not know still passes through.
  output: z.looseObject({ kind: z.string() }),
});

/** TaskReady.input and TaskAwarded.input, as JSON: what a task is asked to do. */
export const taskInputSchema = z
  .object({
    goal: z.string().describe("The goal's text, as submitted."),
    inputs: z.record(z.string(), z.string()).default({}).describe('GoalSubmitted.inputs.'),
    params: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Workflow step parameters (for example `{ "k": 5 }` or an allow-listed command).'),
    upstream: z
      .array(upstreamSchema)
      .default([])
      .describe('Outputs of the tasks this one depends on, in workflow order.'),
    feedback: z
      .string()
      .optional()
      .describe("The evaluator's feedback on a rejected earlier attempt, when this is a retry."),
    outputKind: z
      .string()
      .optional()
      .describe(
        'The output kind the step must produce (see schemas/payloads); absent in inputs written before steps declared it.',
      ),
  })
  .describe('TaskReady.input and TaskAwarded.input, as JSON.');

/** The output of an upstream task, passed to the tasks that depend on it. */
export interface UpstreamResult {
  taskId: string;
  /** Step name in the workflow, e.g. `gather`. */
  name: string;
  capability: string;
  output: TaskOutput;
}

export type TaskInput = Omit<z.output<typeof taskInputSchema>, 'upstream'> & {
  upstream: UpstreamResult[];
};

/** A task input that does not match {@link taskInputSchema}; the message names the field. */
export class InvalidTaskInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid task input: ${problems.join('; ')}`);
    this.name = 'InvalidTaskInputError';
  }
}

/** Parses TaskReady.input / TaskAwarded.input (JSON text or a value). */
export function parseTaskInput(value: unknown): TaskInput {
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch (error) {
      throw new InvalidTaskInputError([
        `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      ]);
    }
  }
  const parsed = taskInputSchema.safeParse(data);
  if (!parsed.success) throw new InvalidTaskInputError(describeIssues(parsed.error));
  // Upstream outputs keep whatever fields their kind has (see upstreamSchema).
  return parsed.data as TaskInput;
}
