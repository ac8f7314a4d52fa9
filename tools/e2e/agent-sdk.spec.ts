import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  newEnvelope,
  type ClassificationOutput,
  type TaskAwarded,
  type TextOutput,
} from '@agora/contracts';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwarmHarness, type ExternalAgent } from './swarm-harness';

/**
 * An agent written with @agora/agent-sdk (examples/sdk-agent/agent.ts) in a process of its own
 * takes part in a real swarm: it serves a built-in step the executors here do not (classify, in
 * support goals whose other steps the executor serves) and a capability of its own (translate,
 * declared by a workflow in the planner's PLANNER_WORKFLOWS_DIR). Its results must be accepted
 * and the goals must complete; a thrown error must become TaskFailed with its message; an award
 * it never bid on must run nothing; SIGTERM must drain it and take it OFFLINE.
 */
const root = resolve(__dirname, '../..');
const script = 'examples/sdk-agent/agent.ts';

const translateWorkflow = `
name: translate
description: Translate a short English text into French.
steps:
  - name: translate
    capability: translate
    output: text
`;

describe('an agent written with the agent SDK takes part in the swarm', () => {
  const swarm = new SwarmHarness('sdkagent');
  const agentId = `translator-${swarm.run}`;
  const workflowsDir = mkdtempSync(join(tmpdir(), 'agora-sdk-workflows-'));
  let agent: ExternalAgent;
  const withOutput = (error: unknown) => agent.withOutput(error);

  beforeAll(async () => {
    writeFileSync(join(workflowsDir, 'translate.yaml'), translateWorkflow);
    await swarm.observe([
      'AgentHeartbeat',
      'BidSubmitted',
      'TaskAwarded',
      'TaskProgress',
      'TaskCompleted',
      'TaskFailed',
      'TaskEvaluated',
      'GoalCompleted',
      'GoalFailed',
    ]);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner', { PLANNER_WORKFLOWS_DIR: workflowsDir });
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    // The executor serves the support workflow's other steps, not classify.
    await swarm.start('executor', 'executor', {
      AGENTS: JSON.stringify([
        {
          id: 'support-noclassify',
          capabilities: ['retrieve', 'respond', 'escalate'],
          capacity: 3,
          cost: { basePerTaskUsd: 0.01 },
          defaultDurationMs: 800,
        },
      ]),
      AGENT_ID_SUFFIX: `-${swarm.run}`,
    });
    await swarm.waitHealthy();
    await swarm.ingestCorpus();

    agent = await swarm.startAgent(
      'SDK agent',
      agentId,
      process.execPath,
      ['-r', '@swc-node/register', script, '--id', agentId],
      { cwd: root },
    );
  }, 300_000);

  afterAll(async () => {
    await swarm.close();
    rmSync(workflowsDir, { recursive: true, force: true });
  }, 60_000);

  /** Waits for every goal to end; returns the completed ones' events. */
  async function goalsEnd(goalIds: readonly string[]) {
    await waitFor(
      'every goal to end',
      () =>
        goalIds.every((id) =>
          [...swarm.events('GoalCompleted'), ...swarm.events('GoalFailed')].some(
            (g) => g.envelope.goalId === id,
          ),
        ) || undefined,
      { timeoutMs: 90_000 },
    ).catch((error: unknown) => {
      throw withOutput(error);
    });
    return swarm.events('GoalCompleted').filter((g) => goalIds.includes(g.envelope.goalId ?? ''));
  }

  /** The SDK agent's awards in these goals, each with its result and verdict checked. */
  async function acceptedWork(goalIds: readonly string[]) {
    const won = swarm
      .events('TaskAwarded')
      .filter((a) => a.agentId === agentId && goalIds.includes(a.envelope.goalId ?? ''));
    const results = [];
    for (const award of won) {
      const result = swarm
        .events('TaskCompleted')
        .find((c) => c.taskId === award.taskId && c.attempt === award.attempt);
      expect(result, `${award.taskId} completed`).toBeDefined();
      expect(result!.agentId).toBe(agentId);
      const verdict = await waitFor(`the verdict on ${award.taskId}`, () =>
        swarm
          .events('TaskEvaluated')
          .find((e) => e.taskId === award.taskId && e.attempt === award.attempt),
      );
      expect(verdict.agentId).toBe(agentId);
      expect(verdict.verdict, verdict.feedback).toBe('ACCEPTED');
      results.push({ award, result: result! });
    }
    return results;
  }

  it(
    'wins the classify step of support goals; its results are accepted and the goals complete',
    { timeout: 120_000 },
    async () => {
      const messages = [
        'I was charged twice on my last invoice, please refund the payment',
        'The app crashes with an error every time I log in',
        'My parcel has not arrived and the tracking shows it lost',
      ];
      const goalIds = await Promise.all(
        messages.map((message) =>
          swarm.submit({ goal: 'Answer this customer', workflow: 'support', inputs: { message } }),
        ),
      );
      const completed = await goalsEnd(goalIds);
      expect(completed.map((g) => g.envelope.goalId).sort()).toEqual([...goalIds].sort());

      const work = await acceptedWork(goalIds);
      // Every classify step went to the SDK agent, the only one that declares it here.
      expect(work.map((w) => w.award.capability)).toEqual(messages.map(() => 'classify'));
      const billing = work.find((w) => w.award.envelope.goalId === goalIds[0])!;
      expect((JSON.parse(billing.result.output) as ClassificationOutput).label).toBe('billing');
      // It asked memory over Kafka and reported progress on the way.
      const progress = swarm
        .events('TaskProgress')
        .filter((p) => p.agentId === agentId && p.message?.startsWith('memory: '));
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.some((p) => p.message !== 'memory: 0 related documents')).toBe(true);
      // The steps after classify ran on the executor, with the SDK agent's output upstream.
      const respond = swarm
        .events('TaskCompleted')
        .filter((c) => c.capability === 'respond' && goalIds.includes(c.envelope.goalId ?? ''));
      expect(respond.map((c) => c.agentId)).toEqual(
        messages.map(() => `support-noclassify-${swarm.run}`),
      );
      console.log(
        `[agent-sdk] ${agentId} won ${work.length} classify tasks; first result: ${billing.result.output}`,
      );
    },
  );

  it(
    'serves a capability of its own (translate) declared by a workflow file',
    { timeout: 120_000 },
    async () => {
      const goalId = await swarm.submit({
        goal: 'Translate this into French',
        workflow: 'translate',
        inputs: { text: 'Hello my friend, the cat is on the table' },
      });
      const [completed] = await goalsEnd([goalId]);
      expect(completed, 'the translate goal completed').toBeDefined();
      const [work] = await acceptedWork([goalId]);
      expect(work?.award.capability).toBe('translate');
      const text = (JSON.parse(work!.result.output) as TextOutput).text;
      expect(text).toMatch(/^Bonjour mon ami le chat est sur le table\./);
      expect(completed!.output).toContain('Bonjour mon ami le chat est sur le table.');
      console.log(`[agent-sdk] translate goal output: ${JSON.stringify(completed!.output)}`);
    },
  );

  it('a thrown error ends the attempt with TaskFailed carrying its message', async () => {
    const goalId = await swarm.submit({
      goal: 'Translate this into French',
      workflow: 'translate',
      inputs: { text: 'hello xyzzy' },
    });
    const failure = await waitFor('the SDK agent to fail the task', () =>
      swarm.events('TaskFailed').find((f) => f.envelope.goalId === goalId && f.agentId === agentId),
    ).catch((error: unknown) => {
      throw withOutput(error);
    });
    expect(failure.envelope.producer.service).toBe(agentId);
    expect(failure.code).toBe('error');
    expect(failure.reason).toBe('no French for: xyzzy');
    expect(failure.retriable).toBe(false);
    expect(swarm.events('TaskCompleted').some((c) => c.envelope.goalId === goalId)).toBe(false);
    const goalFailed = await waitFor('the goal to fail', () =>
      swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId),
    );
    expect(goalFailed.reason).toContain('no French for: xyzzy');
  });

  it('ignores an award for a task it never bid on', async () => {
    const heartbeat = swarm
      .events('AgentHeartbeat')
      .find((h) => h.agentId === agentId && h.status === 'ONLINE')!;
    const taskId = randomUUID();
    const forged: TaskAwarded = {
      envelope: newEnvelope({ producer: { service: 'auction', version: '0' }, goalId: null }),
      taskId,
      attempt: 1,
      round: 1,
      taskName: 'translate',
      capability: 'translate',
      agentId,
      leaseExpiresAt: Date.now() + 60_000,
      score: 1,
      bidders: [agentId],
      input: JSON.stringify({ goal: 'Translate', inputs: { text: 'hello' } }),
      feedback: null,
      incarnation: heartbeat.incarnation,
      scores: [],
    };
    await swarm.client.publisher.publish('TaskAwarded', forged);
    await waitFor('the agent to log the refused award', () =>
      agent
        .output()
        .split('\n')
        .find((line) => line.includes(taskId) && line.includes('did not bid on')),
    ).catch((error: unknown) => {
      throw withOutput(error);
    });
    const fromAgent = [
      ...swarm.events('TaskProgress'),
      ...swarm.events('TaskCompleted'),
      ...swarm.events('TaskFailed'),
    ].filter((e) => e.taskId === taskId);
    expect(fromAgent).toEqual([]);
  });

  it('drains on SIGTERM: DRAINING, then OFFLINE, then exits 0', { timeout: 60_000 }, async () => {
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    await waitFor('the OFFLINE heartbeat', () =>
      swarm.events('AgentHeartbeat').find((h) => h.agentId === agentId && h.status === 'OFFLINE'),
    );
    const beats = swarm.events('AgentHeartbeat').filter((h) => h.agentId === agentId);
    expect(beats.some((h) => h.status === 'DRAINING')).toBe(true);
    expect(agent.output()).toMatch(/agent offline/);
  });
});
