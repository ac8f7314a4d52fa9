import { describe, expect, it } from 'vitest';
import { WorkflowValidationError } from './workflow-definition';
import {
  parseInlinePlan,
  parseRegisteredWorkflow,
  problemPath,
  problemText,
  validateInlinePlan,
} from './workflow-sources';

const steps = [
  { name: 'gather', capability: 'gather' },
  { name: 'report', capability: 'report', dependsOn: ['gather'] },
];

function refusal(fn: () => unknown): WorkflowValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error;
    throw error;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('parseRegisteredWorkflow', () => {
  it('validates the JSON of a registered workflow, defaults filled in', () => {
    const workflow = parseRegisteredWorkflow('brief', JSON.stringify({ name: 'brief', steps }));
    expect(workflow.steps.map((s) => [s.name, s.maxAttempts])).toEqual([
      ['gather', 3],
      ['report', 3],
    ]);
  });

  it('refuses a definition named otherwise than its record, bad JSON, and a bad step', () => {
    expect(() =>
      parseRegisteredWorkflow('brief', JSON.stringify({ name: 'other', steps })),
    ).toThrow("workflow 'brief': field 'name': expected 'brief', the name it is registered under");
    expect(() => parseRegisteredWorkflow('brief', '{"name":')).toThrow(
      /^workflow 'brief': not valid JSON/,
    );
    const bad = refusal(() =>
      parseRegisteredWorkflow(
        'brief',
        JSON.stringify({ name: 'brief', steps: [{ name: 'gather', capability: 'gather', x: 1 }] }),
      ),
    );
    expect(bad.step).toBe('gather');
  });
});

describe('inline plans', () => {
  it('validates a plan like a workflow, in dependency order', () => {
    const plan = validateInlinePlan({ description: 'mine', steps: [...steps].reverse() });
    expect(plan.steps.map((s) => s.name)).toEqual(['gather', 'report']);
    expect(plan.description).toBe('mine');
    expect(parseInlinePlan(JSON.stringify({ steps })).steps).toHaveLength(2);
  });

  it('names the step and the field of a bad plan', () => {
    const error = refusal(() =>
      validateInlinePlan({
        steps: [steps[0], { name: 'report', capability: 'report', dependsOn: ['gahter'] }],
      }),
    );
    expect([error.step, error.field]).toEqual(['report', 'dependsOn']);
    expect(problemPath(error)).toBe('steps.report.dependsOn');
    expect(problemText(error)).toBe("step 'report': field 'dependsOn': unknown step 'gahter'");
  });

  it('refuses a plan with a name, without steps, or that is not an object', () => {
    const named = refusal(() => validateInlinePlan({ name: 'mine', steps }));
    expect(problemPath(named)).toBe('name');
    expect(problemPath(refusal(() => validateInlinePlan({ steps: [] })))).toBe('steps');
    expect(problemText(refusal(() => validateInlinePlan([])))).toBe(
      'expected an object with steps',
    );
    expect(problemText(refusal(() => parseInlinePlan('nope')))).toMatch(/^not valid JSON/);
  });
});
