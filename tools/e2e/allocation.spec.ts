import type { TaskAwarded } from '@agora/contracts';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwarmHarness } from './swarm-harness';

/** Two classify agents of capacity 1 per executor process: four slots for the whole swarm. */
const classifiers = (n: number) =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      id: `sorter-${i + 1}`,
      capabilities: ['classify'],
      capacity: 1,
    })),
  );

const tickets = [
  'I was charged twice for my subscription this month',
  'The app crashes every time I upload a large file',
  'I cannot log in: the password reset email never arrives',
];

/** Every TaskAwarded of a (task, attempt) must be the same award: one winner, one event id. */
function doubleAwards(awards: readonly TaskAwarded[]): string[] {
  const first = new Map<string, TaskAwarded>();
  const doubles: string[] = [];
  for (const a of awards) {
    const key = `${a.taskId}#${a.attempt}`;
    const seen = first.get(key);
    if (!seen) first.set(key, a);
    else if (seen.envelope.eventId !== a.envelope.eventId || seen.agentId !== a.agentId) {
      doubles.push(key);
    }
  }
  return doubles;
}

/**
 * Allocation as a swarm, with real processes: more goals at once than agents can take, two
 * auction replicas sharing the work, a capability whose agents are all gone, and a deadline.
 */
describe('allocation under load, with every agent of a capability gone', () => {
  const swarm = new SwarmHarness('allocation');
  const burst = 40;

  beforeAll(async () => {
    await swarm.observe([
      'TaskAwarded',
      'TaskWaiting',
      'TaskEvaluated',
      'GoalCompleted',
      'GoalFailed',
    ]);
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction-1');
    await swarm.start('auction', 'auction-2');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('memory', 'memory');
    for (const suffix of ['a', 'b']) {
      await swarm.start('executor', `executor-${suffix}`, {
        AGENTS: classifiers(2),
        AGENT_ID_SUFFIX: suffix,
      });
    }
    await swarm.waitHealthy();
  }, 180_000);

  afterAll(() => swarm.close(), 60_000);

  it(
    `completes a burst of ${burst} goals ten times the swarm's capacity, one award per attempt`,
    {
      timeout: 150_000,
    },
    async () => {
      const ids = await swarm.submitOnKafka(
        Array.from({ length: burst }, (_, i) => ({
          goal: `${tickets[i % tickets.length]} (ticket ${i})`,
          workflow: 'triage',
        })),
      );
      const mine = new Set(ids);
      const ended = () =>
        [...swarm.events('GoalCompleted'), ...swarm.events('GoalFailed')].filter((g) =>
          mine.has(g.envelope.goalId ?? ''),
        );
      await waitFor(
        `all ${burst} goals to end`,
        () => (ended().length >= burst ? true : undefined),
        {
          timeoutMs: 120_000,
          intervalMs: 500,
        },
      );
      const failed = swarm.events('GoalFailed').filter((g) => mine.has(g.envelope.goalId ?? ''));
      expect(failed.map((f) => f.reason)).toEqual([]);
      expect(new Set(ended().map((g) => g.envelope.goalId)).size).toBe(burst);

      // Capacity was short: tasks waited for it rather than failing.
      const waited = swarm.events('TaskWaiting').filter((w) => mine.has(w.envelope.goalId ?? ''));
      expect(waited.length).toBeGreaterThan(0);
      expect(waited[0]!.reason).toMatch(/capability 'classify'/);

      const awards = swarm.events('TaskAwarded').filter((a) => mine.has(a.envelope.goalId ?? ''));
      expect(doubleAwards(awards)).toEqual([]);
      const accepted = swarm
        .events('TaskEvaluated')
        .filter((e) => mine.has(e.envelope.goalId ?? '') && e.verdict === 'ACCEPTED');
      expect(new Set(accepted.map((e) => e.taskId)).size).toBe(burst);
    },
  );

  it(
    'lets a task wait while every agent of its capability is gone, and completes it when one comes back',
    {
      timeout: 120_000,
    },
    async () => {
      await Promise.all([swarm.stop('executor-a'), swarm.stop('executor-b')]);
      const goalId = await swarm.submit({ goal: 'Where is my refund?', workflow: 'triage' });
      const waiting = await waitFor(
        'the task to wait',
        () => swarm.events('TaskWaiting').find((w) => w.envelope.goalId === goalId),
        { timeoutMs: 30_000 },
      );
      expect(waiting.reason).toBe(
        "no live agent has capability 'classify' (4 agents declared it and stopped)",
      );
      const view = (await (await fetch(swarm.url('planner', `/goals/${goalId}`))).json()) as {
        state: string;
        waiting: { capability: string; reason: string }[];
      };
      expect(view.state).toBe('running');
      expect(view.waiting).toEqual([
        { ...view.waiting[0], capability: 'classify', reason: waiting.reason },
      ]);

      await swarm.start('executor', 'executor-a', { AGENTS: classifiers(2), AGENT_ID_SUFFIX: 'a' });
      await swarm.waitHealthy(['executor-a']);
      const done = await waitFor(
        'the goal to complete',
        () => swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId),
        { timeoutMs: 60_000 },
      );
      expect(done.usage.attempts).toBe(1);
    },
  );

  it(
    'fails a goal whose deadline passes while it waits, naming the capability it waited for',
    {
      timeout: 60_000,
    },
    async () => {
      await swarm.stop('executor-a');
      const goalId = await swarm.submit({
        goal: 'Please close my account',
        workflow: 'triage',
        budget: { deadlineSeconds: 3 },
      });
      const failed = await waitFor(
        'the goal to fail',
        () => swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId),
        { timeoutMs: 30_000 },
      );
      expect(failed.code).toBe('deadline_exceeded');
      expect(failed.reason).toMatch(
        /^deadline exceeded: the goal was due by .+ and had not finished; task classify was waiting for capacity: no live agent has capability 'classify'/,
      );
    },
  );
});
