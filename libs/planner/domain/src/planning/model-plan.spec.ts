import { describe, expect, it } from 'vitest';
import { WorkflowValidationError } from '../workflow/workflow-definition';
import { extractJson, parseModelPlan, planningPrompt } from './model-plan';

const plan = {
  name: 'explain',
  steps: [
    { name: 'look', capability: 'gather' },
    { name: 'think', capability: 'analyze', dependsOn: ['look'] },
    { name: 'write', capability: 'report', dependsOn: ['think'], maxAttempts: 2 },
  ],
};

describe('extractJson', () => {
  it('reads a bare JSON answer', () => {
    expect(extractJson(JSON.stringify(plan), 'm')).toEqual(plan);
  });

  it('reads the body of a ```json fence with prose around it', () => {
    const text = `Here is the plan:\n\`\`\`json\n${JSON.stringify(plan, null, 2)}\n\`\`\`\nGood luck.`;
    expect(extractJson(text, 'm')).toEqual(plan);
  });

  it('reads an object embedded in a sentence', () => {
    expect(extractJson(`Sure! ${JSON.stringify(plan)} Done.`, 'm')).toEqual(plan);
  });

  it('rejects text with no JSON, naming the source', () => {
    expect(() => extractJson('I cannot plan that.', 'from openai/m')).toThrow(
      /workflow from openai\/m: no JSON object in the answer/,
    );
    expect(() => extractJson('{"name": "x", steps: }', 'm')).toThrow(/not valid JSON/);
  });
});

describe('parseModelPlan', () => {
  it('validates with the workflow rules and fills in defaults', () => {
    const workflow = parseModelPlan('```json\n' + JSON.stringify(plan) + '\n```', 'm');
    expect(workflow.steps.map((s) => [s.name, s.maxAttempts, s.dependsOn])).toEqual([
      ['look', 3, []],
      ['think', 3, ['look']],
      ['write', 2, ['think']],
    ]);
  });

  it('rejects a capability it cannot tell the output of, naming the step and field', () => {
    const bad = { ...plan, steps: [{ name: 'fly', capability: 'teleport' }] };
    let error: unknown;
    try {
      parseModelPlan(JSON.stringify(bad), 'from m');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect(error).toMatchObject({ step: 'fly', field: 'output' });
  });

  it('rejects a dependency cycle', () => {
    const cyclic = {
      name: 'loop',
      steps: [
        { name: 'a', capability: 'gather', dependsOn: ['b'] },
        { name: 'b', capability: 'analyze', dependsOn: ['a'] },
      ],
    };
    expect(() => parseModelPlan(JSON.stringify(cyclic), 'm')).toThrow(/dependency cycle/);
  });

  it('leaves commands to the check against the agents (checkCommands)', () => {
    const ops = {
      name: 'ops',
      steps: [{ name: 'fix', capability: 'remediate', params: { command: 'ps aux' } }],
    };
    expect(parseModelPlan(JSON.stringify(ops), 'm').steps[0]!.params).toEqual({
      command: 'ps aux',
    });
  });
});

describe('planningPrompt', () => {
  it('carries the goal, the inputs, the capabilities and the workflow shape', () => {
    const { system, prompt } = planningPrompt({
      goal: 'Explain Kafka',
      inputs: { audience: 'beginners' },
    });
    expect(prompt).toContain('Goal: Explain Kafka');
    expect(prompt).toContain('- audience: beginners');
    for (const word of ['gather', 'write', 'classify', 'remediate', 'dependsOn', 'maxAttempts']) {
      expect(system).toContain(word);
    }
    expect(system).toMatch(/JSON/);
  });

  it('offers the commands live agents allow, and none when no agent runs commands', () => {
    const offered = planningPrompt({ goal: 'g', inputs: {}, allowedCommands: ['uptime', 'df -h'] });
    expect(offered.system).toContain('params.command, when given, is one of: uptime, df -h.');
    expect(planningPrompt({ goal: 'g', inputs: {} }).system).toContain('Give no params.command');
  });
});
