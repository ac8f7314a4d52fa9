import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwarmHarness } from './swarm-harness';

/**
 * An executor process dies in the middle of a task: its lease lapses, the auction says so, the
 * planner puts the task out again without that agent, and an agent of another process finishes.
 */
describe('an executor killed mid-task', () => {
  const swarm = new SwarmHarness('failover');
  const slowAgent = `slow-${swarm.run}`;

  beforeAll(async () => {
    await swarm.observe(['TaskAwarded', 'TaskProgress', 'TaskFailed', 'GoalCompleted']);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction', { LEASE_MS: '3000' });
    await swarm.start('evaluator', 'evaluator');
    // The only agent at first, and one that takes ten minutes for anything.
    await swarm.start('executor', 'executor-slow', {
      AGENTS: JSON.stringify([
        {
          id: slowAgent,
          capabilities: ['gather', 'analyze', 'validate', 'report'],
          capacity: 4,
          minDurationMs: 600_000,
        },
      ]),
      AGENT_ID_SUFFIX: '',
    });
    await swarm.waitHealthy();
    await swarm.ingestCorpus();
  }, 180_000);

  afterAll(() => swarm.close(), 60_000);

  it('lets its lease expire and another agent finish the task', { timeout: 150_000 }, async () => {
    const goalId = await swarm.submit({
      goal: 'Why do consumers need idempotency?',
      workflow: 'research',
    });
    const gather = `${goalId}/gather`;
    await waitFor('gather awarded to the slow agent and started', () =>
      swarm.events('TaskProgress').find((p) => p.taskId === gather && p.agentId === slowAgent),
    );

    // Another process joins, then the slow one dies without a word.
    await swarm.start('executor', 'executor-b', { AGENT_ID_SUFFIX: `b${swarm.run}` });
    await swarm.waitHealthy(['executor-b']);
    swarm.process('executor-slow').child.kill('SIGKILL');

    const expired = await waitFor(
      'lease expiry',
      () =>
        swarm.events('TaskFailed').find((f) => f.taskId === gather && f.code === 'lease_expired'),
      { timeoutMs: 30_000 },
    );
    expect(expired.agentId).toBe(slowAgent);
    expect(expired.attempt).toBe(1);
    expect(expired.retriable).toBe(true);

    const retry = await waitFor('the next attempt awarded', () =>
      swarm.events('TaskAwarded').find((a) => a.taskId === gather && a.attempt === 2),
    );
    expect(retry.agentId).not.toBe(slowAgent);
    expect(retry.agentId.endsWith(`b${swarm.run}`)).toBe(true);

    const done = await waitFor(
      'the goal to complete',
      () => swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId),
      { timeoutMs: 90_000 },
    );
    expect(done.usage.attempts).toBeGreaterThanOrEqual(5);
  });
});
