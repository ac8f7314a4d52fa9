import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGoalSubmitted } from './submit.command';
import { readPlan, renderWorkflows, workflowFile } from './workflows.command';

const dir = mkdtempSync(join(tmpdir(), 'cli-workflows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('renderWorkflows', () => {
  it('shows each workflow with its steps, capabilities and dependencies', () => {
    expect(
      renderWorkflows([
        {
          name: 'brief',
          description: 'Gather and report.',
          origin: 'default',
          steps: [
            { name: 'gather', capability: 'gather', dependsOn: [] },
            { name: 'report', capability: 'report', dependsOn: ['gather'] },
          ],
        },
        {
          name: 'solo',
          description: 'One step.',
          origin: 'registered',
          steps: [{ name: 'a', capability: 'x', dependsOn: [] }],
        },
      ]),
    ).toEqual([
      'brief  Gather and report.',
      '  gather [gather]',
      '  report [report] ← gather',
      '',
      'solo (registered)  One step.',
      '  a [x]',
    ]);
  });

  it('says so when there are none', () => {
    expect(renderWorkflows([])).toEqual(['the planner has no workflows']);
  });
});

describe('workflow and plan files', () => {
  const yaml = 'steps:\n  - name: draft\n    capability: write\n';

  it('sends JSON files as JSON and others as YAML', () => {
    expect(workflowFile(file('a.json', '{}')).contentType).toBe('application/json');
    expect(workflowFile(file('a.yaml', yaml))).toEqual({
      body: yaml,
      contentType: 'application/yaml',
    });
    expect(() => workflowFile(join(dir, 'missing.yaml'))).toThrow(/^cannot read .*missing\.yaml/);
  });

  it("reads a goal's plan into GoalSubmitted.plan, and refuses one without steps", () => {
    const plan = file('plan.yaml', yaml);
    expect(JSON.parse(readPlan(plan))).toEqual({ steps: [{ name: 'draft', capability: 'write' }] });
    const event = buildGoalSubmitted('Write it', { input: [], timeout: 1, plan });
    expect([event.workflow, event.plan]).toEqual([null, readPlan(plan)]);
    expect(() => readPlan(file('empty.yaml', 'description: none\n'))).toThrow(
      /empty\.yaml: expected a plan with steps/,
    );
    expect(() => readPlan(file('bad.yaml', 'steps: [oops'))).toThrow(/is not valid YAML or JSON/);
    expect(() =>
      buildGoalSubmitted('Write it', { input: [], timeout: 1, plan, workflow: 'content' }),
    ).toThrow('give --workflow or --plan, not both');
  });
});
