import type { TaskAwarded } from '@agora/contracts';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwarmHarness } from './swarm-harness';

const agents = JSON.stringify([
  { id: 'sorter', capabilities: ['classify'], capacity: 2, minDurationMs: 300 },
  { id: 'triager', capabilities: ['classify'], capacity: 2, minDurationMs: 300 },
]);

/**
 * Executors die and come back as Kubernetes would restart them, while goals keep arriving. Work
 * an executor held when it died is released the moment its successor announces itself (a new
 * incarnation), and put out again; nothing is lost, awarded twice, or accepted twice.
 */
describe('executors killed and restarted during a stream of goals', () => {
  const swarm = new SwarmHarness('restarts');
  const goals = 30;

  beforeAll(async () => {
    await swarm.observe([
      'TaskAwarded',
      'TaskFailed',
      'TaskEvaluated',
      'GoalCompleted',
      'GoalFailed',
    ]);
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('memory', 'memory');
    for (const suffix of ['a', 'b']) {
      await swarm.start('executor', `executor-${suffix}`, {
        AGENTS: agents,
        AGENT_ID_SUFFIX: suffix,
      });
    }
    await swarm.waitHealthy();
  }, 180_000);

  afterAll(() => swarm.close(), 60_000);

  it(
    `completes all ${goals} goals, with one award per attempt and one acceptance per task`,
    {
      timeout: 240_000,
    },
    async () => {
      const ids: string[] = [];
      let killing = true;
      // Kill one executor every few seconds, alternately, and start it again at once.
      const chaos = (async () => {
        let kills = 0;
        while (killing) {
          await new Promise((r) => setTimeout(r, 3_000));
          if (!killing) break;
          const suffix = kills % 2 === 0 ? 'a' : 'b';
          await swarm.stop(`executor-${suffix}`, 'SIGKILL');
          await swarm.start('executor', `executor-${suffix}`, {
            AGENTS: agents,
            AGENT_ID_SUFFIX: suffix,
          });
          kills += 1;
        }
        return kills;
      })();
      for (let i = 0; i < goals; i++) {
        ids.push(
          ...(await swarm.submitOnKafka([{ goal: `Refund request ${i}`, workflow: 'triage' }])),
        );
        await new Promise((r) => setTimeout(r, 400));
      }
      const mine = new Set(ids);
      const ended = () =>
        new Set(
          [...swarm.events('GoalCompleted'), ...swarm.events('GoalFailed')]
            .map((g) => g.envelope.goalId ?? '')
            .filter((id) => mine.has(id)),
        );
      try {
        await waitFor('every goal to end', () => (ended().size === goals ? true : undefined), {
          timeoutMs: 150_000,
          intervalMs: 500,
        });
      } finally {
        killing = false;
      }
      const kills = await chaos;
      await swarm.waitHealthy(['executor-a', 'executor-b']);

      const failed = swarm.events('GoalFailed').filter((g) => mine.has(g.envelope.goalId ?? ''));
      expect(failed.map((f) => f.reason)).toEqual([]);
      expect(kills).toBeGreaterThanOrEqual(3);

      const awards = swarm.events('TaskAwarded').filter((a) => mine.has(a.envelope.goalId ?? ''));
      const byAttempt = new Map<string, TaskAwarded>();
      for (const a of awards) {
        const key = `${a.taskId}#${a.attempt}`;
        const seen = byAttempt.get(key);
        if (seen)
          expect([a.agentId, a.envelope.eventId]).toEqual([seen.agentId, seen.envelope.eventId]);
        byAttempt.set(key, a);
      }
      const acceptances = swarm
        .events('TaskEvaluated')
        .filter((e) => mine.has(e.envelope.goalId ?? '') && e.verdict === 'ACCEPTED');
      const perTask = new Map<string, Set<number>>();
      for (const e of acceptances)
        perTask.set(e.taskId, (perTask.get(e.taskId) ?? new Set()).add(e.attempt));
      expect([...perTask.values()].every((attempts) => attempts.size === 1)).toBe(true);
      expect(perTask.size).toBe(goals);

      // Work caught by a kill was released by the restart, not by a lapsed lease.
      const released = swarm
        .events('TaskFailed')
        .filter(
          (f) =>
            mine.has(f.envelope.goalId ?? '') &&
            (f.code === 'released' || f.code === 'lease_expired'),
        );
      console.info(
        `${goals} goals, ${kills} executor kills: ${awards.length} awards for ${byAttempt.size} attempts, ` +
          `${released.length} attempts released by a restart or a lapsed lease`,
      );
    },
  );
});
