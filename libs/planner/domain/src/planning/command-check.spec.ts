import { describe, expect, it } from 'vitest';
import {
  validateWorkflow,
  WorkflowValidationError,
  type WorkflowDefinition,
} from '../workflow/workflow-definition';
import { WorkflowCatalog } from '../workflow/workflow-catalog';
import { allowedCommandsOf, checkCommands, type AgentAllowance } from './command-check';
import { choosePlan, UnplannableError, type GoalDecomposer } from './goal-decomposer';

const agent = (over: Partial<AgentAllowance> = {}): AgentAllowance => ({
  agentId: 'ops-1',
  capabilities: ['detect', 'verify'],
  allowedCommands: ['uptime', 'df -h', 'echo *'],
  allowedHosts: ['status.example.com'],
  ...over,
});

const plan = (params: Record<string, unknown>, capability = 'detect'): WorkflowDefinition =>
  validateWorkflow({ name: 'ops', steps: [{ name: 'look', capability, params }] }, 'ops.yaml');

function refusal(fn: () => void): WorkflowValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checkCommands', () => {
  it('passes a command some live agent of the capability allows, by the executor’s rule', () => {
    expect(() => checkCommands(plan({ command: 'uptime' }), [agent()], 'ops')).not.toThrow();
    expect(() => checkCommands(plan({ command: ' df   -h ' }), [agent()], 'ops')).not.toThrow();
    expect(() => checkCommands(plan({ command: 'echo hi there' }), [agent()], 'ops')).not.toThrow();
    expect(() =>
      checkCommands(
        plan({ command: 'ps aux' }),
        [agent(), agent({ allowedCommands: ['ps aux'] })],
        'ops',
      ),
    ).not.toThrow();
  });

  it('refuses a command no agent of the capability allows, naming the step, the field and what they allow', () => {
    const error = refusal(() =>
      checkCommands(
        plan({ command: 'ps aux' }),
        // The one that allows it cannot detect.
        [agent(), agent({ agentId: 'w', capabilities: ['write'], allowedCommands: ['ps aux'] })],
        'ops',
      ),
    );
    expect(error.step).toBe('look');
    expect(error.field).toBe('params.command');
    expect(error.message).toBe(
      "workflow ops: step 'look': field 'params.command': no live agent with capability 'detect' " +
        "allows command 'ps aux' (they allow: df -h, echo *, uptime)",
    );
  });

  it('refuses a URL on a host no agent allows, and a command that is not a string', () => {
    expect(() =>
      checkCommands(plan({ url: 'https://status.example.com/up' }), [agent()], 'ops'),
    ).not.toThrow();
    expect(
      refusal(() => checkCommands(plan({ url: 'http://evil.example/' }), [agent()], 'ops')).field,
    ).toBe('params.url');
    expect(refusal(() => checkCommands(plan({ command: 42 }), [agent()], 'ops')).message).toMatch(
      /params.command': expected a command string/,
    );
  });

  it('lets a step through when no live agent declares its capability: the task waits for one', () => {
    expect(() =>
      checkCommands(plan({ command: 'ps aux' }, 'remediate'), [agent()], 'ops'),
    ).not.toThrow();
    expect(() => checkCommands(plan({ command: 'ps aux' }), [], 'ops')).not.toThrow();
  });

  it('lists every command some agent allows, once', () => {
    expect(allowedCommandsOf([agent(), agent({ allowedCommands: ['uptime', 'free -m'] })])).toEqual(
      ['df -h', 'echo *', 'free -m', 'uptime'],
    );
  });
});

describe('choosePlan with the agents’ allow-lists', () => {
  const catalog = WorkflowCatalog.fromDirectory();
  const request = { goalId: 'g', goal: 'check the host', inputs: {} };

  it('makes a named workflow unplannable when no agent would run one of its commands', async () => {
    const strict = agent({
      capabilities: ['detect', 'diagnose', 'remediate', 'verify'],
      allowedCommands: ['uptime'],
    });
    await expect(
      choosePlan({ ...request, workflow: 'devops' }, { catalog, agents: [strict] }),
    ).rejects.toThrow(
      new UnplannableError(
        "workflow devops: step 'remediate': field 'params.command': no live agent with capability " +
          "'remediate' allows command 'df -h' (they allow: uptime)",
      ),
    );
    await expect(
      choosePlan({ ...request, workflow: 'devops' }, { catalog, agents: [agent()] }),
    ).resolves.toMatchObject({ source: 'workflow' });
  });

  it('tells a model the allowed commands, and falls back when its plan asks for another', async () => {
    const asked: (readonly string[] | undefined)[] = [];
    const model: GoalDecomposer = {
      name: 'm',
      decompose: (r) => {
        asked.push(r.allowedCommands);
        return Promise.resolve({
          name: 'ops',
          steps: [{ name: 'look', capability: 'detect', params: { command: 'ps aux' } }],
        });
      },
    };
    const reasons: string[] = [];
    const choice = await choosePlan(
      { ...request, workflow: null },
      {
        catalog,
        model,
        defaultWorkflow: 'research',
        agents: [agent()],
        onFallback: (reason) => reasons.push(reason),
      },
    );
    expect(asked).toEqual([['df -h', 'echo *', 'uptime']]);
    expect(choice.workflow.name).toBe('research');
    expect(reasons[0]).toMatch(/allows command 'ps aux'/);
  });

  it('makes a plan the goal carries unplannable the same way', async () => {
    const plan = JSON.stringify({
      steps: [{ name: 'look', capability: 'detect', params: { command: 'ps aux' } }],
    });
    await expect(
      choosePlan({ ...request, workflow: null, plan }, { catalog, agents: [agent()] }),
    ).rejects.toThrow(
      "the goal's plan is not valid: step 'look': field 'params.command': no live agent with " +
        "capability 'detect' allows command 'ps aux' (they allow: df -h, echo *, uptime)",
    );
  });
});
