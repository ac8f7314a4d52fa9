import {
  validateWorkflow,
  WorkflowValidationError,
  type WorkflowDefinition,
} from './workflow-definition';

/**
 * Workflows that do not come from files: registered ones (JSON on the workflows topic) and the
 * plans goals carry. Both are validated by {@link validateWorkflow}, like a file, so each step
 * obeys the same rules wherever it was written.
 */

/** Name validation gives a goal's own plan; it shows nowhere (such a goal has no workflow). */
export const INLINE_PLAN_NAME = 'inline';

/**
 * The definition of a registered workflow (WorkflowChanged.definition). Untrusted: validated
 * again, and its name must be the record's.
 */
export function parseRegisteredWorkflow(name: string, json: string): WorkflowDefinition {
  const source = `'${name}'`;
  const workflow = validateWorkflow(parseJson(json, source), source);
  if (workflow.name !== name) {
    throw new WorkflowValidationError(
      source,
      `expected '${name}', the name it is registered under`,
      undefined,
      'name',
    );
  }
  return workflow;
}

/**
 * A goal's own plan, `{ steps, description? }`: a workflow without a name. Errors name the step
 * and the field, as for a workflow file.
 */
export function validateInlinePlan(plan: unknown): WorkflowDefinition {
  const source = 'plan';
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) {
    throw new WorkflowValidationError(source, 'expected an object with steps');
  }
  if ('name' in plan) {
    throw new WorkflowValidationError(
      source,
      'a plan has no name; register a workflow to name one',
      undefined,
      'name',
    );
  }
  return validateWorkflow({ ...plan, name: INLINE_PLAN_NAME }, source);
}

/** {@link validateInlinePlan} of GoalSubmitted.plan, JSON text. */
export function parseInlinePlan(json: string): WorkflowDefinition {
  return validateInlinePlan(parseJson(json, 'plan'));
}

/**
 * Where a validation error points, as one dotted path: `steps.<step>.<field>`, or the top-level
 * field; undefined when it names neither.
 */
export function problemPath(error: WorkflowValidationError): string | undefined {
  if (error.step !== undefined) {
    return ['steps', error.step, ...(error.field !== undefined ? [error.field] : [])].join('.');
  }
  return error.field;
}

/** A validation error without its source: `step 'x': field 'y': problem`, or just the problem. */
export function problemText(error: WorkflowValidationError): string {
  return (
    (error.step !== undefined ? `step '${error.step}': ` : '') +
    (error.field !== undefined ? `field '${error.field}': ` : '') +
    error.problem
  );
}

function parseJson(json: string, source: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new WorkflowValidationError(
      source,
      `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
