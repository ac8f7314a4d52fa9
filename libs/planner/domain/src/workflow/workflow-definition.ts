import {
  builtInOutputKind,
  capabilities,
  capabilityNamePattern,
  InvalidVisibilityError,
  outputKinds,
  QUOTE_PARAM,
  quoteOf,
  stricterVisibility,
  type Visibility,
} from '@agora/contracts';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { approvalParamProblems } from '../approval/approval-step';

/**
 * The built-in capabilities (see @agora/contracts). A step may name any other capability too:
 * capabilities are what agents declare, and the auction fails a step fast when no agent ever has.
 */
export const knownCapabilities: readonly string[] = Object.values(capabilities).flat();

/** Attempts a step gets when its definition does not say. */
export const DEFAULT_MAX_ATTEMPTS = 3;

const stepName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'expected lower-case letters, digits and dashes, e.g. gather');

const fieldConditionSchema = z
  .object({
    step: stepName,
    field: z.string().min(1),
    below: z.number().optional(),
    above: z.number().optional(),
  })
  .strict()
  .refine((c) => c.below !== undefined || c.above !== undefined, {
    message: 'expected a threshold: below or above',
  });

const conditionSchema = z.union([
  fieldConditionSchema,
  z.object({ anyOf: z.array(fieldConditionSchema).min(1) }).strict(),
]);

const stepSchema = z
  .object({
    name: stepName,
    capability: z
      .string()
      .regex(
        capabilityNamePattern,
        "expected a capability name: lower-case words joined by '-' or '.', e.g. translate or web.search",
      ),
    /** The output kind the step must produce; built-in capabilities have one by default. */
    output: z.string().optional(),
    dependsOn: z.array(stepName).default([]),
    params: z.record(z.string(), z.unknown()).default({}),
    maxAttempts: z.number().int().min(1).max(10).default(DEFAULT_MAX_ATTEMPTS),
    when: conditionSchema.optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    const kind = step.output ?? builtInOutputKind(step.capability);
    const known = outputKinds.names().join(', ');
    if (kind === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['output'],
        message: `'${step.capability}' is not a built-in capability: say which kind of output it produces, one of ${known}`,
      });
    } else if (!outputKinds.has(kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['output'],
        message: `unknown output kind '${kind}', expected one of ${known}`,
      });
    }
    for (const { param, message } of approvalParamProblems(step.capability, step.params)) {
      ctx.addIssue({ code: 'custom', path: ['params', param], message });
    }
    try {
      quoteOf(step.params);
    } catch (error) {
      if (!(error instanceof InvalidVisibilityError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['params', QUOTE_PARAM], message: error.problem });
    }
  })
  // Checked just above: every step ends up with the kind it must produce.
  .transform((step) => ({ ...step, output: step.output ?? builtInOutputKind(step.capability)! }));

const workflowSchema = z
  .object({
    name: stepName,
    description: z.string().default(''),
    steps: z.array(stepSchema).min(1, 'expected at least one step').max(50),
  })
  .strict();

/**
 * A step runs only when a field of an upstream step's accepted output is below (or above) a
 * threshold; otherwise it is skipped. A number is compared as it is, a list by its number of
 * entries (`field: sources, below: 1`: nothing was found).
 */
export type FieldCondition = z.output<typeof fieldConditionSchema>;
/** One {@link FieldCondition}, or `anyOf` several: the step runs when any of them holds. */
export type StepCondition = z.output<typeof conditionSchema>;

/** The field conditions a step's condition is made of. */
export function fieldConditions(condition: StepCondition): readonly FieldCondition[] {
  return 'anyOf' in condition ? condition.anyOf : [condition];
}

/**
 * Whether a step with `condition` runs, given the accepted output of each upstream step it names
 * (`skipped` for a skipped one). A skipped step shows nothing, so its condition does not hold; a
 * missing field, or one neither a number nor a list, cannot show that the step is unnecessary, so
 * it holds: for the support workflow that means escalating to a person rather than guessing.
 */
export function conditionHolds(
  condition: StepCondition,
  outputOf: (step: string) => Readonly<Record<string, unknown>> | 'skipped',
): boolean {
  return fieldConditions(condition).some((c) => {
    const output = outputOf(c.step);
    if (output === 'skipped') return false;
    const raw = output[c.field];
    const value = Array.isArray(raw) ? raw.length : raw;
    if (typeof value !== 'number') return true;
    if (c.below !== undefined && !(value < c.below)) return false;
    if (c.above !== undefined && !(value > c.above)) return false;
    return true;
  });
}
/**
 * A step of a validated workflow. `output` is always filled by validation; it is optional in
 * the type so that a plan built in code may leave a built-in capability's kind implicit.
 */
export type WorkflowStep = Omit<z.output<typeof stepSchema>, 'output'> & { output?: string };
/** A validated workflow: unique step names, known dependencies, no cycles, steps in dependency order. */
export type WorkflowDefinition = Omit<z.output<typeof workflowSchema>, 'steps'> & {
  steps: WorkflowStep[];
};

/** A workflow definition that cannot be used; names the source, the step and the field. */
export class WorkflowValidationError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
    readonly step?: string,
    readonly field?: string,
  ) {
    super(
      `workflow ${source}` +
        (step ? `: step '${step}'` : '') +
        (field ? `: field '${field}'` : '') +
        `: ${problem}`,
    );
    this.name = 'WorkflowValidationError';
  }
}

/** Parses YAML text into a validated workflow. `source` (a file name) goes into errors. */
export function parseWorkflow(text: string, source: string): WorkflowDefinition {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new WorkflowValidationError(
      source,
      `not valid YAML${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  return validateWorkflow(data, source);
}

/**
 * Validates a workflow-shaped value (from a file or from a model) and returns it with defaults
 * filled in and steps sorted so that every step comes after its dependencies.
 */
export function validateWorkflow(data: unknown, source: string): WorkflowDefinition {
  const parsed = workflowSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) throw new WorkflowValidationError(source, 'invalid workflow');
    const path = issue.path.map(String);
    if (path[0] === 'steps' && path.length >= 2) {
      const index = Number(path[1]);
      const raw = (data as { steps?: unknown[] }).steps?.[index] as { name?: unknown } | undefined;
      const step = typeof raw?.name === 'string' ? raw.name : `#${index + 1}`;
      const field = path.slice(2).join('.') || undefined;
      throw new WorkflowValidationError(source, issue.message, step, field);
    }
    throw new WorkflowValidationError(
      source,
      issue.message,
      undefined,
      path.join('.') || undefined,
    );
  }
  const workflow = parsed.data;
  const byName = new Map<string, WorkflowStep>();
  for (const step of workflow.steps) {
    if (byName.has(step.name)) {
      throw new WorkflowValidationError(source, 'duplicate step name', step.name, 'name');
    }
    byName.set(step.name, step);
  }
  for (const step of workflow.steps) {
    for (const dep of step.dependsOn) {
      if (!byName.has(dep)) {
        throw new WorkflowValidationError(source, `unknown step '${dep}'`, step.name, 'dependsOn');
      }
      if (dep === step.name) {
        throw new WorkflowValidationError(
          source,
          'a step cannot depend on itself',
          step.name,
          'dependsOn',
        );
      }
    }
    for (const condition of step.when ? fieldConditions(step.when) : []) {
      if (!step.dependsOn.includes(condition.step)) {
        throw new WorkflowValidationError(
          source,
          `the condition's step '${condition.step}' must be listed in dependsOn`,
          step.name,
          'when.step',
        );
      }
    }
  }
  return { ...workflow, steps: withQuotesUpstream(topologicalOrder(workflow.steps, source)) };
}

/**
 * What a step may quote (`params.quote`) bounds the steps it depends on too, directly or not:
 * their outputs reach it as upstream results, so a customer-facing `respond` that quotes only
 * public documents needs a `retrieve` that fetched only public ones. Each step gets the
 * strictest level among its own and those of every step downstream of it; a step that says
 * nothing and feeds none that does is left as it is. `ordered` is in dependency order.
 */
function withQuotesUpstream(ordered: readonly WorkflowStep[]): WorkflowStep[] {
  const level = new Map<string, Visibility | undefined>();
  for (const step of [...ordered].reverse()) {
    const downstream = ordered
      .filter((s) => s.dependsOn.includes(step.name))
      .map((s) => level.get(s.name));
    level.set(step.name, stricterVisibility(quoteOf(step.params), ...downstream));
  }
  return ordered.map((step) => {
    const quote = level.get(step.name);
    return quote === undefined || quote === step.params[QUOTE_PARAM]
      ? step
      : { ...step, params: { ...step.params, [QUOTE_PARAM]: quote } };
  });
}

/** Steps in an order where each comes after its dependencies, keeping the written order otherwise. */
function topologicalOrder(steps: readonly WorkflowStep[], source: string): WorkflowStep[] {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visiting: string[] = [];
  const ordered: WorkflowStep[] = [];
  const visit = (step: WorkflowStep): void => {
    if (done.has(step.name)) return;
    const at = visiting.indexOf(step.name);
    if (at >= 0) {
      const cycle = [...visiting.slice(at), step.name].join(' → ');
      throw new WorkflowValidationError(
        source,
        `dependency cycle ${cycle}`,
        step.name,
        'dependsOn',
      );
    }
    visiting.push(step.name);
    for (const dep of step.dependsOn) visit(byName.get(dep) as WorkflowStep);
    visiting.pop();
    done.add(step.name);
    ordered.push(step);
  };
  for (const step of steps) visit(step);
  return ordered;
}
