import { describe, expect, it } from 'vitest';
import { WorkflowCatalog } from '../workflow/workflow-catalog';
import { choosePlan, UnplannableError, type GoalDecomposer } from './goal-decomposer';

const catalog = WorkflowCatalog.fromDirectory();
const request = { goalId: 'g1', goal: 'Explain Kafka', inputs: {} };

function stub(answer: unknown): GoalDecomposer & { calls: number } {
  return {
    name: 'stub-model',
    calls: 0,
    decompose() {
      this.calls += 1;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

describe('choosePlan', () => {
  it('uses the named workflow without asking the model', async () => {
    const model = stub({});
    const plan = await choosePlan(
      { ...request, workflow: 'content' },
      { catalog, defaultWorkflow: 'research', model },
    );
    expect(plan.workflow.name).toBe('content');
    expect(plan.source).toBe('workflow');
    expect(model.calls).toBe(0);
  });

  it("uses the model's plan when it validates", async () => {
    const model = stub({
      name: 'custom',
      steps: [
        { name: 'look', capability: 'gather' },
        { name: 'write', capability: 'report', dependsOn: ['look'] },
      ],
    });
    const plan = await choosePlan(
      { ...request, workflow: null },
      { catalog, defaultWorkflow: 'research', model },
    );
    expect(plan.source).toBe('model');
    expect(plan.workflow.steps.map((s) => s.name)).toEqual(['look', 'write']);
    expect(plan.workflow.steps[1]!.maxAttempts).toBe(3);
  });

  it('falls back to the default workflow when the model answers an invalid plan, saying why', async () => {
    const model = stub({
      name: 'bad',
      steps: [{ name: 'a', capability: 'gather', dependsOn: ['a'] }],
    });
    const reasons: string[] = [];
    const plan = await choosePlan(
      { ...request, workflow: null },
      { catalog, defaultWorkflow: 'research', model, onFallback: (r) => reasons.push(r) },
    );
    expect(plan).toMatchObject({ source: 'workflow', workflow: { name: 'research' } });
    expect(reasons).toEqual([
      expect.stringMatching(
        /stub-model was unusable \(workflow from stub-model: step 'a': field 'dependsOn'.*using workflow 'research'/,
      ),
    ]);
  });

  it('falls back when the model throws', async () => {
    const reasons: string[] = [];
    const plan = await choosePlan(
      { ...request, workflow: null },
      {
        catalog,
        defaultWorkflow: 'support',
        model: stub(new Error('rate limited')),
        onFallback: (r) => reasons.push(r),
      },
    );
    expect(plan.workflow.name).toBe('support');
    expect(reasons[0]).toMatch(/rate limited/);
  });

  it('uses the default workflow when no model is configured, and refuses unknown names', async () => {
    expect(
      (await choosePlan({ ...request, workflow: null }, { catalog, defaultWorkflow: 'devops' }))
        .workflow.name,
    ).toBe('devops');
    await expect(
      choosePlan({ ...request, workflow: 'nope' }, { catalog, defaultWorkflow: 'research' }),
    ).rejects.toThrow(UnplannableError);
  });

  it('refuses a goal with no workflow when neither a model nor a default can plan it, saying what to do', async () => {
    const refused = choosePlan({ ...request, workflow: null }, { catalog });
    await expect(refused).rejects.toThrow(UnplannableError);
    await expect(refused).rejects.toThrow(
      /names no workflow and no model is configured to plan it: name a workflow \(.*research.*\), or configure a model \(LLM_PROVIDER\) or PLANNER_DEFAULT_WORKFLOW/,
    );
    await expect(
      choosePlan({ ...request, workflow: null }, { catalog, model: stub(new Error('down')) }),
    ).rejects.toThrow(/unusable \(down\), and no default workflow is set/);
  });
});

describe('choosePlan with a plan the goal carries', () => {
  const plan = JSON.stringify({
    steps: [
      { name: 'draft', capability: 'write' },
      { name: 'check', capability: 'review', dependsOn: ['draft'] },
    ],
  });

  it('uses the plan, asking no model', async () => {
    const model = stub({});
    const choice = await choosePlan(
      { ...request, workflow: null, plan },
      { catalog, defaultWorkflow: 'research', model },
    );
    expect(choice.source).toBe('inline');
    expect(choice.workflow.steps.map((s) => s.name)).toEqual(['draft', 'check']);
    expect(model.calls).toBe(0);
  });

  it('finds a bad plan unplannable, naming the step and the field, and a plan beside a workflow', async () => {
    const bad = plan.replace('["draft"]', '["drfat"]');
    await expect(
      choosePlan({ ...request, workflow: null, plan: bad }, { catalog }),
    ).rejects.toThrow(
      "the goal's plan is not valid: step 'check': field 'dependsOn': unknown step 'drfat'",
    );
    await expect(
      choosePlan({ ...request, workflow: 'research', plan }, { catalog }),
    ).rejects.toBeInstanceOf(UnplannableError);
  });
});
