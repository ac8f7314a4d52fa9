import { describe, expect, it } from 'vitest';
import { renderWorkflows } from './workflows.command';

describe('renderWorkflows', () => {
  it('shows each workflow with its steps, capabilities and dependencies', () => {
    expect(
      renderWorkflows([
        {
          name: 'brief',
          description: 'Gather and report.',
          steps: [
            { name: 'gather', capability: 'gather', dependsOn: [] },
            { name: 'report', capability: 'report', dependsOn: ['gather'] },
          ],
        },
        {
          name: 'solo',
          description: 'One step.',
          steps: [{ name: 'a', capability: 'x', dependsOn: [] }],
        },
      ]),
    ).toEqual([
      'brief  Gather and report.',
      '  gather [gather]',
      '  report [report] ← gather',
      '',
      'solo  One step.',
      '  a [x]',
    ]);
  });

  it('says so when there are none', () => {
    expect(renderWorkflows([])).toEqual(['the planner has no workflows']);
  });
});
