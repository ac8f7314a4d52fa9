import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReportOutput } from '@agora/contracts';
import { frame } from '@agora/messaging';
import { avroEntriesBomb, bombableInputs } from '@agora/messaging/testing';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, SwarmHarness } from './swarm-harness';

/**
 * The whole swarm as separate processes on the real stack: planner, auction, two executors,
 * evaluator and memory. A research goal goes in over REST and must come out as a report whose
 * citations point at documents that exist.
 */
describe('a research goal runs end to end through the five services', () => {
  const swarm = new SwarmHarness('swarm');

  beforeAll(async () => {
    await swarm.observe([
      'TaskAwarded',
      'TaskCompleted',
      'TaskEvaluated',
      'GoalCompleted',
      'DeadLetter',
    ]);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor-a', { AGENT_ID_SUFFIX: `a${swarm.run}` });
    await swarm.start('executor', 'executor-b', { AGENT_ID_SUFFIX: `b${swarm.run}` });
    await swarm.waitHealthy();
  }, 180_000);

  afterAll(() => swarm.close(), 60_000);

  it(
    'plans, auctions, executes, evaluates and remembers every task, and reports with real citations',
    { timeout: 120_000 },
    async () => {
      const documents = await swarm.ingestCorpus();

      // A malformed event on the goal topic goes to the dead-letter topic; the swarm keeps going.
      const garbage = Buffer.from('{"goal": "not avro"}');
      const raw = swarm.client.rawKafka.producer();
      await raw.connect();
      await raw.send({
        topic: swarm.client.topics.topic('GoalSubmitted'),
        messages: [{ key: 'junk', value: garbage }],
      });
      await raw.disconnect();

      const goalId = await swarm.submit({
        goal: 'How do consumer groups and partitions let Kafka scale event processing?',
        workflow: 'research',
      });
      const done = await waitFor(
        'GoalCompleted',
        () => swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId),
        {
          timeoutMs: 90_000,
        },
      );
      for (const step of ['gather', 'analyze', 'validate', 'report']) {
        const taskId = `${goalId}/${step}`;
        expect(
          swarm.events('TaskAwarded').some((a) => a.taskId === taskId),
          `${step} awarded`,
        ).toBe(true);
        expect(
          swarm.events('TaskCompleted').some((c) => c.taskId === taskId),
          `${step} executed`,
        ).toBe(true);
        expect(
          swarm.events('TaskEvaluated').find((e) => e.taskId === taskId)?.verdict,
          `${step} accepted`,
        ).toBe('ACCEPTED');
      }
      // Agents of both executor processes bid.
      const bidders = new Set(
        swarm
          .events('TaskAwarded')
          .filter((a) => a.envelope.goalId === goalId)
          .flatMap((a) => a.bidders),
      );
      expect([...bidders].some((b) => b.endsWith(`a${swarm.run}`))).toBe(true);
      expect([...bidders].some((b) => b.endsWith(`b${swarm.run}`))).toBe(true);

      const report = JSON.parse(
        swarm.events('TaskCompleted').find((c) => c.taskId === `${goalId}/report`)!.output,
      ) as ReportOutput;
      expect(report.kind).toBe('report');
      expect(done.output).toContain('## Sources');
      expect(done.usage.tasks).toBe(4);
      expect(report.citations.length).toBeGreaterThan(0);
      for (const citation of report.citations) {
        expect(
          existsSync(resolve(corpusDir, citation.source ?? '(none)')),
          `cited source ${citation.source}`,
        ).toBe(true);
        const document = documents.find((d) => d.source === citation.source);
        expect(document?.content.replace(/\s+/g, ' ')).toContain(
          citation.quote.replace(/\s+/g, ' '),
        );
      }

      const dead = await waitFor('the malformed goal in the dead-letter topic', () =>
        swarm
          .events('DeadLetter')
          .find((d) => d.value?.equals(garbage) && d.consumerGroup.endsWith('agora.planner')),
      );
      expect(dead.classification).toBe('undecodable');
      expect(dead.sourceTopic).toBe(swarm.client.topics.topic('GoalSubmitted'));

      // Memory kept the goal's results: they are searchable by goal and kind.
      const search = await fetch(
        swarm.url(
          'memory',
          `/memory/search?q=${encodeURIComponent('consumer groups partitions')}&goalId=${goalId}&k=20&kind=task_result`,
        ),
      );
      const body = (await search.json()) as { hits?: { kind: string }[] } | { kind: string }[];
      const hits = Array.isArray(body) ? body : (body.hits ?? []);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => h.kind === 'task_result')).toBe(true);

      // The planner's view has each task's auction outcome and evaluation, and says that the
      // deterministic skills did the work, not a model.
      const view = (await (await fetch(swarm.url('planner', `/goals/${goalId}`))).json()) as {
        state: string;
        mode: string | null;
        tasks: { state: string; doneBy: unknown }[];
      };
      expect(view.state).toBe('completed');
      expect(view.tasks.map((t) => t.state)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
      ]);
      expect(view.mode).toBe('offline');
      expect(view.tasks.map((t) => t.doneBy)).toEqual(Array(4).fill({ mode: 'offline' }));
    },
  );

  it(
    'a map bomb on every topic is dead-lettered at once and every service stays live',
    { timeout: 120_000 },
    async () => {
      // Each body claims 2^50 entries in a few hundred bytes; unbounded, the Avro reader loops
      // on the event loop for hours and the service can never move past the message.
      const bombs = bombableInputs.map((type) => ({ type, ...avroEntriesBomb(type)! }));
      const raw = swarm.client.rawKafka.producer();
      await raw.connect();
      const sent = await Promise.all(
        bombs.map(async (b) => ({
          ...b,
          value: frame(await swarm.client.codec.schemaId(b.type), b.body),
        })),
      );
      const sentAt = Date.now();
      for (const b of sent) {
        await raw.send({
          topic: swarm.client.topics.topic(b.type),
          messages: [{ key: `bomb-${b.type}`, value: b.value }],
        });
      }
      await raw.disconnect();

      const groupsOf = (value: Buffer) =>
        swarm
          .events('DeadLetter')
          .filter((d) => d.value?.equals(value))
          .map((d) => d.consumerGroup);
      const planned = await waitFor('the planner to dead-letter the goal bomb', () => {
        const bomb = sent.find((b) => b.type === 'GoalSubmitted')!;
        return groupsOf(bomb.value).some((g) => g.endsWith('agora.planner')) ? true : undefined;
      });
      expect(planned).toBe(true);
      for (const b of sent) {
        const dead = await waitFor(`a service to dead-letter the ${b.type} bomb`, () =>
          swarm
            .events('DeadLetter')
            .find((d) => d.value?.equals(b.value) && !d.consumerGroup.endsWith('observer')),
        );
        expect(dead.classification).toBe('undecodable');
        expect(dead.errorMessage).toContain(`AVRO_MAX_ENTRIES) at '${b.field}'`);
      }
      const slowest = Math.max(
        ...swarm
          .events('DeadLetter')
          .filter((d) => sent.some((b) => d.value?.equals(b.value)))
          .map((d) => d.failedAt - sentAt),
      );
      console.log(`${sent.length} bombs dead-lettered, the last ${slowest} ms after sending`);

      // Every service answers its liveness probe, and the swarm still completes goals.
      for (const key of swarm.processes.keys()) {
        const live = await fetch(swarm.url(key, '/health/live'), {
          signal: AbortSignal.timeout(2_000),
        });
        expect(live.status, `${key} live`).toBe(200);
      }
      const goalId = await swarm.submit({
        goal: 'What is a consumer group?',
        workflow: 'research',
      });
      await waitFor(
        'a goal after the bombs to complete',
        () => swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId),
        { timeoutMs: 90_000 },
      );
    },
  );
});
