import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  GoalCompleted,
  ReportOutput,
  TaskAwarded,
  TaskCompleted,
  TaskEvaluated,
} from '@agora/contracts';
import { testMessagingClient } from '@agora/messaging/testing';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocuments } from '../../apps/cli/src/commands/memory-ingest.command';
import { freePort, startService, type ServiceName, type ServiceProcess } from './service-process';

const root = resolve(__dirname, '../..');
const corpusDir = resolve(root, 'libs/memory/domain/src/corpus');

/**
 * The whole swarm as separate processes on the real stack: planner, auction, two executors,
 * evaluator and memory. A research goal goes in over REST and must come out as a report whose
 * citations point at documents that exist.
 */
describe('a research goal runs end to end through the five services', () => {
  const prefix = uniquePrefix('swarm');
  const run = randomBytes(3).toString('hex');
  const processes: ServiceProcess[] = [];
  const ports = new Map<string, number>();
  const schemas: string[] = [];
  const client = testMessagingClient(prefix, { service: 'observer' });
  const awards: TaskAwarded[] = [];
  const completions: TaskCompleted[] = [];
  const evaluations: TaskEvaluated[] = [];
  const goalsCompleted: GoalCompleted[] = [];

  beforeAll(async () => {
    const env = stackEnv();
    await client.connect();
    await client
      .consumer(`${prefix}observer`)
      .on('TaskAwarded', (e) => void awards.push(e))
      .on('TaskCompleted', (e) => void completions.push(e))
      .on('TaskEvaluated', (e) => void evaluations.push(e))
      .on('GoalCompleted', (e) => void goalsCompleted.push(e))
      .start();
    const layout: { name: ServiceName; key: string; extra?: Record<string, string> }[] = [
      { name: 'memory', key: 'memory' },
      { name: 'planner', key: 'planner' },
      { name: 'auction', key: 'auction' },
      { name: 'evaluator', key: 'evaluator' },
      { name: 'executor', key: 'executor-a', extra: { AGENT_ID_SUFFIX: `a${run}` } },
      { name: 'executor', key: 'executor-b', extra: { AGENT_ID_SUFFIX: `b${run}` } },
    ];
    for (const { name, key, extra } of layout) {
      const port = await freePort();
      ports.set(key, port);
      const schema = `t_${name}_${run}`;
      if (!schemas.includes(schema)) schemas.push(schema);
      processes.push(
        startService(name, port, {
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
          DATABASE_URL: env.DATABASE_URL,
          DATABASE_SCHEMA: schema,
          KAFKA_TOPIC_PREFIX: prefix,
          LOG_LEVEL: 'warn',
          ...extra,
        }),
      );
    }
    for (const s of processes) {
      await waitFor(
        `${s.name} on port ${s.port} to be healthy`,
        async () => {
          if (s.child.exitCode !== null) throw new Error(`${s.name} exited:\n${s.output()}`);
          const res = await fetch(`http://127.0.0.1:${s.port}/health`).catch(() => undefined);
          return res?.status === 200 ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\n--- ${s.name} output ---\n${s.output().slice(-3000)}`);
      });
    }
  }, 180_000);

  afterAll(async () => {
    for (const s of processes) s.child.kill('SIGTERM');
    await Promise.all(processes.map((s) => s.exited));
    await client.close();
    const pg = new Client({ connectionString: stackEnv().DATABASE_URL });
    await pg.connect();
    for (const schema of schemas) await pg.query(`drop schema if exists "${schema}" cascade`);
    await pg.end();
  }, 60_000);

  it(
    'plans, auctions, executes, evaluates and remembers every task, and reports with real citations',
    { timeout: 120_000 },
    async () => {
      const documents = await readDocuments(corpusDir);
      const ingest = await fetch(`http://127.0.0.1:${ports.get('memory')}/memory/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ documents }),
      });
      expect(ingest.status).toBeLessThan(300);

      const submitted = await fetch(`http://127.0.0.1:${ports.get('planner')}/goals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          goal: 'How do consumer groups and partitions let Kafka scale event processing?',
          workflow: 'research',
        }),
      });
      expect(submitted.status).toBe(202);
      const { goalId } = (await submitted.json()) as { goalId: string };

      const done = await waitFor(
        'GoalCompleted',
        () => goalsCompleted.find((g) => g.envelope.goalId === goalId),
        {
          timeoutMs: 90_000,
        },
      );
      const steps = ['gather', 'analyze', 'validate', 'report'];
      for (const step of steps) {
        const taskId = `${goalId}/${step}`;
        expect(
          awards.some((a) => a.taskId === taskId),
          `${step} awarded`,
        ).toBe(true);
        expect(
          completions.some((c) => c.taskId === taskId),
          `${step} executed`,
        ).toBe(true);
        expect(evaluations.find((e) => e.taskId === taskId)?.verdict, `${step} accepted`).toBe(
          'ACCEPTED',
        );
      }
      // Two executor processes both bid: each award names at least one bidder, and agents come from both.
      const goalAwards = awards.filter((a) => a.envelope.goalId === goalId);
      expect(new Set(goalAwards.flatMap((a) => a.bidders)).size).toBeGreaterThanOrEqual(2);

      const report = JSON.parse(
        completions.find((c) => c.taskId === `${goalId}/report`)!.output,
      ) as ReportOutput;
      expect(report.kind).toBe('report');
      expect(done.output).toContain('## Sources');
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
      expect(done.usage.tasks).toBe(4);

      // Memory kept the goal's results: they are searchable by goal.
      const search = await fetch(
        `http://127.0.0.1:${ports.get('memory')}/memory/search?q=${encodeURIComponent('consumer groups partitions')}&goalId=${goalId}&k=20&kind=task_result`,
      );
      const hits = (await search.json()) as
        { hits?: { itemId: string; kind: string }[] } | { itemId: string; kind: string }[];
      const list = Array.isArray(hits) ? hits : (hits.hits ?? []);
      expect(list.length).toBeGreaterThan(0);
      expect(list.every((h) => h.kind === 'task_result')).toBe(true);

      // The planner's view has each task's auction outcome and evaluation.
      const view = (await (
        await fetch(`http://127.0.0.1:${ports.get('planner')}/goals/${goalId}`)
      ).json()) as {
        state: string;
        tasks: { name: string; state: string }[];
      };
      expect(view.state).toBe('completed');
      expect(view.tasks.map((t) => t.state)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
      ]);
    },
  );
});
