import { describe, expect, it } from 'vitest';
import { shippedWorkflowNames, WorkflowCatalog } from './workflow-catalog';
import {
  conditionHolds,
  parseWorkflow,
  validateWorkflow,
  WorkflowValidationError,
} from './workflow-definition';

function errorOf(fn: () => unknown): WorkflowValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error;
    throw error;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('shipped workflows', () => {
  const catalog = WorkflowCatalog.fromDirectory();

  it('loads the four shipped workflows', () => {
    expect(catalog.names.sort()).toEqual([...shippedWorkflowNames].sort());
  });

  it('research runs gather → analyze → validate → report with default attempts', () => {
    const research = catalog.get('research')!;
    expect(research.steps.map((s) => s.name)).toEqual(['gather', 'analyze', 'validate', 'report']);
    expect(research.steps.map((s) => s.dependsOn)).toEqual([
      [],
      ['gather'],
      ['gather', 'analyze'],
      ['analyze', 'validate'],
    ]);
    expect(research.steps.every((s) => s.maxAttempts === 3)).toBe(true);
  });

  it("publish waits for a person's sign-off after the review, and rejects when nobody answers", () => {
    const publish = catalog.get('publish')!;
    expect(publish.steps.map((s) => [s.name, s.capability, s.output])).toEqual([
      ['write', 'write', 'text'],
      ['review', 'review', 'review'],
      ['approve', 'approval', 'review'],
    ]);
    expect(publish.steps[2]!.params).toMatchObject({ onTimeout: 'reject', timeoutMs: 86_400_000 });
  });

  it('support escalates under a confidence threshold, or when retrieve found nothing it may quote', () => {
    const support = catalog.get('support')!;
    const escalate = support.steps.find((s) => s.name === 'escalate')!;
    expect(escalate.when).toEqual({
      anyOf: [
        { step: 'classify', field: 'confidence', below: 0.6 },
        { step: 'retrieve', field: 'sources', below: 1 },
      ],
    });
    expect(support.steps.find((s) => s.name === 'retrieve')!.params).toMatchObject({
      mayFindNothing: true,
    });
  });

  it('support quotes only public documents to the customer, and so do the steps feeding the reply', () => {
    const support = catalog.get('support')!;
    expect(support.steps.map((s) => [s.name, s.params['quote']])).toEqual([
      ['classify', 'public'],
      ['retrieve', 'public'],
      ['respond', 'public'],
      ['escalate', undefined],
    ]);
  });

  it('devops runs commands the default executor allows', () => {
    const commands = catalog.get('devops')!.steps.map((s) => s.params['command']);
    expect(commands).toEqual(['uptime', undefined, 'df -h', 'uptime']);
  });
});

describe('workflow validation', () => {
  const yaml = (steps: string) => `name: demo\nsteps:\n${steps}`;

  it('names the file, the step and the field of a malformed capability', () => {
    const error = errorOf(() =>
      parseWorkflow(yaml('  - name: fetch\n    capability: Tele Port\n'), 'demo.yaml'),
    );
    expect(error.message).toMatch(
      /^workflow demo\.yaml: step 'fetch': field 'capability': expected a capability name/,
    );
    expect(error).toMatchObject({ source: 'demo.yaml', step: 'fetch', field: 'capability' });
  });

  it('takes any capability name with the kind of output it produces', () => {
    const workflow = parseWorkflow(
      yaml('  - name: translate\n    capability: translate\n    output: text\n'),
      'demo.yaml',
    );
    expect(workflow.steps[0]).toMatchObject({ capability: 'translate', output: 'text' });
    // A built-in capability has its kind by default; a step may still declare another.
    const defaults = parseWorkflow(
      yaml(
        '  - name: a\n    capability: gather\n  - name: b\n    capability: write\n    output: report\n',
      ),
      'demo.yaml',
    );
    expect(defaults.steps.map((s) => s.output)).toEqual(['sources', 'report']);
  });

  it('asks a capability that is not built in to say its output, and refuses an unknown kind', () => {
    const missing = errorOf(() =>
      parseWorkflow(yaml('  - name: fetch\n    capability: teleport\n'), 'demo.yaml'),
    );
    expect(missing).toMatchObject({ step: 'fetch', field: 'output' });
    expect(missing.message).toMatch(
      /'teleport' is not a built-in capability: say which kind of output it produces, one of sources, analysis/,
    );
    const unknown = errorOf(() =>
      parseWorkflow(
        yaml('  - name: fetch\n    capability: teleport\n    output: poem\n'),
        'demo.yaml',
      ),
    );
    expect(unknown.message).toMatch(/field 'output': unknown output kind 'poem'/);
  });

  it('rejects an unknown dependency', () => {
    const error = errorOf(() =>
      parseWorkflow(
        yaml(
          '  - name: a\n    capability: gather\n  - name: b\n    capability: analyze\n    dependsOn: [gahter]\n',
        ),
        'demo.yaml',
      ),
    );
    expect(error.message).toBe(
      "workflow demo.yaml: step 'b': field 'dependsOn': unknown step 'gahter'",
    );
  });

  it('rejects a cycle and names it', () => {
    const error = errorOf(() =>
      parseWorkflow(
        yaml(
          '  - name: a\n    capability: gather\n    dependsOn: [c]\n' +
            '  - name: b\n    capability: analyze\n    dependsOn: [a]\n' +
            '  - name: c\n    capability: report\n    dependsOn: [b]\n',
        ),
        'demo.yaml',
      ),
    );
    expect(error.message).toMatch(/dependency cycle a → c → b → a/);
  });

  it('rejects duplicate names, unknown fields and bad attempts', () => {
    expect(
      errorOf(() =>
        parseWorkflow(
          yaml('  - name: a\n    capability: gather\n  - name: a\n    capability: report\n'),
          'x.yaml',
        ),
      ).message,
    ).toBe("workflow x.yaml: step 'a': field 'name': duplicate step name");
    expect(
      errorOf(() =>
        parseWorkflow(yaml('  - name: a\n    capability: gather\n    depends: [b]\n'), 'x.yaml'),
      ).step,
    ).toBe('a');
    expect(
      errorOf(() =>
        parseWorkflow(yaml('  - name: a\n    capability: gather\n    maxAttempts: 0\n'), 'x.yaml'),
      ).field,
    ).toBe('maxAttempts');
  });

  it('requires a condition to refer to a dependency', () => {
    const error = errorOf(() =>
      parseWorkflow(
        yaml(
          '  - name: a\n    capability: classify\n' +
            '  - name: b\n    capability: escalate\n    when: { step: a, field: confidence, below: 0.5 }\n',
        ),
        'x.yaml',
      ),
    );
    expect(error).toMatchObject({ step: 'b', field: 'when.step' });
  });

  it('requires every condition of anyOf to refer to a dependency', () => {
    const error = errorOf(() =>
      parseWorkflow(
        yaml(
          '  - name: a\n    capability: classify\n' +
            '  - name: r\n    capability: retrieve\n' +
            '  - name: b\n    capability: escalate\n    dependsOn: [a]\n' +
            '    when: { anyOf: [{ step: a, field: confidence, below: 0.5 }, { step: r, field: sources, below: 1 }] }\n',
        ),
        'x.yaml',
      ),
    );
    expect(error).toMatchObject({ step: 'b', field: 'when.step' });
    expect(error.message).toContain("the condition's step 'r' must be listed in dependsOn");
  });

  it('reports YAML syntax errors with the file and line', () => {
    expect(
      errorOf(() => parseWorkflow('name: x\nsteps: [\n  - a: b: c', 'broken.yaml')).message,
    ).toMatch(/^workflow broken\.yaml: not valid YAML at line \d+/);
  });

  it('refuses a quote level that does not exist, naming the step and the field', () => {
    const error = errorOf(() =>
      parseWorkflow(
        yaml('  - name: answer\n    capability: respond\n    params:\n      quote: everyone\n'),
        'demo.yaml',
      ),
    );
    expect(error.message).toBe(
      `workflow demo.yaml: step 'answer': field 'params.quote': expected one of public, internal, restricted, got "everyone"`,
    );
  });

  it("bounds every step upstream of a step by that step's quote level, the strictest winning", () => {
    const workflow = validateWorkflow(
      {
        name: 'demo',
        steps: [
          { name: 'look', capability: 'gather' },
          { name: 'legal', capability: 'gather', params: { quote: 'restricted' } },
          { name: 'sum', capability: 'analyze', dependsOn: ['look', 'legal'] },
          {
            name: 'staff',
            capability: 'report',
            dependsOn: ['sum'],
            params: { quote: 'internal' },
          },
          {
            name: 'reply',
            capability: 'respond',
            dependsOn: ['look'],
            params: { quote: 'public' },
          },
          { name: 'aside', capability: 'gather' },
        ],
      },
      'demo',
    );
    expect(Object.fromEntries(workflow.steps.map((s) => [s.name, s.params['quote']]))).toEqual({
      look: 'public', // feeds the public reply
      legal: 'internal', // feeds the internal report: it may not quote restricted documents there
      sum: 'internal',
      staff: 'internal',
      reply: 'public',
      aside: undefined, // feeds nobody who says
    });
  });

  it('orders steps so each comes after its dependencies', () => {
    const workflow = validateWorkflow(
      {
        name: 'w',
        steps: [
          { name: 'b', capability: 'report', dependsOn: ['a'] },
          { name: 'a', capability: 'gather' },
        ],
      },
      'test',
    );
    expect(workflow.steps.map((s) => s.name)).toEqual(['a', 'b']);
  });
});

describe('conditionHolds', () => {
  const unsure = { kind: 'classification', confidence: 0.3 };
  const sure = { kind: 'classification', confidence: 0.9 };
  const nothing = { kind: 'sources', sources: [] };
  const found = { kind: 'sources', sources: [{ itemId: 'doc:faq#1' }] };
  const escalate = {
    anyOf: [
      { step: 'classify', field: 'confidence', below: 0.6 },
      { step: 'retrieve', field: 'sources', below: 1 },
    ],
  };
  const outputs =
    (byStep: Record<string, Record<string, unknown> | 'skipped'>) =>
    (step: string): Record<string, unknown> | 'skipped' =>
      byStep[step] ?? {};

  it('compares a number as it is and a list by its entries; anyOf holds when one does', () => {
    expect(conditionHolds(escalate, outputs({ classify: sure, retrieve: found }))).toBe(false);
    expect(conditionHolds(escalate, outputs({ classify: unsure, retrieve: found }))).toBe(true);
    expect(conditionHolds(escalate, outputs({ classify: sure, retrieve: nothing }))).toBe(true);
    expect(conditionHolds(escalate, outputs({ classify: unsure, retrieve: nothing }))).toBe(true);
  });

  it('does not hold for a skipped step, and holds for a field it cannot read', () => {
    const one = { step: 'classify', field: 'confidence', above: 0.5 };
    expect(conditionHolds(one, outputs({ classify: 'skipped' }))).toBe(false);
    expect(conditionHolds(one, outputs({ classify: { kind: 'classification' } }))).toBe(true);
    expect(conditionHolds(one, outputs({ classify: sure }))).toBe(true);
    expect(conditionHolds(one, outputs({ classify: unsure }))).toBe(false);
  });
});
