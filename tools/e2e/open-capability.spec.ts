import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwarmHarness } from './swarm-harness';

/**
 * A capability that is not built in, added by configuration only: a skill module loaded with
 * SKILL_MODULES, an agent declaring its capability, and a workflow naming it with the kind of
 * output it produces, registered over REST (another in PLANNER_WORKFLOWS_DIR names a capability
 * no agent has). Every service runs as its own process on the real stack.
 */
describe('a capability added by configuration', () => {
  const swarm = new SwarmHarness('opencap');
  const workflows = mkdtempSync(join(tmpdir(), 'agora-workflows-'));

  beforeAll(async () => {
    writeFileSync(
      join(workflows, 'teleport.yaml'),
      [
        'name: teleport',
        'steps:',
        '  - name: beam',
        '    capability: teleport',
        '    output: text',
      ].join('\n'),
    );
    await swarm.observe(['GoalCompleted', 'GoalFailed', 'TaskCompleted', 'TaskEvaluated']);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner', { PLANNER_WORKFLOWS_DIR: workflows });
    await swarm.start('auction', 'auction', { ROSTER_SETTLE_MS: '3000' });
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor', {
      AGENT_ID_SUFFIX: `x${swarm.run}`,
      SKILL_MODULES: 'examples/skills/keywords.skill.ts',
      AGENTS: JSON.stringify([
        { id: 'gatherer', capabilities: ['gather'], capacity: 2 },
        { id: 'keyworder', capabilities: ['keywords'], capacity: 2 },
      ]),
    });
    await swarm.waitHealthy();
    await swarm.ingestCorpus();
    // The workflow naming the new capability is registered with the running planner.
    const registered = await fetch(swarm.url('planner', '/workflows'), {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: [
        'name: keywords',
        'description: Gather sources, then list their keywords.',
        'steps:',
        '  - name: gather',
        '    capability: gather',
        '  - name: keywords',
        '    capability: keywords',
        '    output: text',
        '    dependsOn: [gather]',
        '    params: { top: 6 }',
      ].join('\n'),
    });
    expect(registered.status, await registered.text()).toBe(201);
  }, 240_000);

  afterAll(() => swarm.close(), 60_000);

  it('runs a goal whose step only the registered skill serves; its output is typed and evaluated', async () => {
    const goalId = await swarm.submit({
      goal: 'How do consumer groups and partitions let Kafka scale?',
      workflow: 'keywords',
    });
    const done = await waitFor(
      'the keywords goal to complete',
      () => swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId),
      { timeoutMs: 90_000 },
    );
    expect(done.output).toMatch(/^Keywords, most frequent first:\n- \w/);
    const result = swarm
      .events('TaskCompleted')
      .find((c) => c.envelope.goalId === goalId && c.capability === 'keywords')!;
    expect(result.agentId).toBe(`keyworder-x${swarm.run}`);
    expect(JSON.parse(result.output)).toMatchObject({ kind: 'text' });
    const verdict = swarm
      .events('TaskEvaluated')
      .find((e) => e.taskId === result.taskId && e.attempt === result.attempt);
    expect(verdict?.verdict).toBe('ACCEPTED');
  });

  it('fails a goal whose capability no agent ever declared, saying so, instead of waiting', async () => {
    const goalId = await swarm.submit({ goal: 'Beam me up', workflow: 'teleport' });
    const failed = await waitFor(
      'the teleport goal to fail',
      () => swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId),
      { timeoutMs: 60_000 },
    );
    expect(failed.reason).toMatch(/no agent has ever declared capability 'teleport'/);
  });
});
