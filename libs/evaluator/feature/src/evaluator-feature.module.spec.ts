import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { serviceEnvSchema } from '@agora/config';
import {
  newEnvelope,
  type AgentReputation,
  type TaskCompleted,
  type TaskEvaluated,
} from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { testDataSource } from '@agora/database/testing';
import { evaluatorEntities, evaluatorMigrations } from '@agora/evaluator/data-access';
import { afterEvaluation, afterFailure } from '@agora/evaluator/domain';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger, renderMetrics } from '@agora/observability';
import { ServiceRuntimeModule } from '@agora/runtime';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluatorConfig } from './evaluator-config';
import { EvaluatorFeatureModule } from './evaluator-feature.module';

const root = resolve(__dirname, '../../../..');
const producer = { service: 'evaluator-test', version: '0.0.0-test' };
const QUOTE =
  'Kafka guarantees order only within a single partition, not across the partitions of a topic.';
const DOCUMENT = `# Ordering in Kafka\n\nA partition is an ordered log. ${QUOTE} Keys pick partitions.`;
const PUBLIC_QUOTE = 'Messages with the same key always land in the same partition.';

let prefix: string;
let memory: ChildProcess | undefined;
let memoryOutput = '';
let memoryUrl: string;
let memorySchema: string;
let app: INestApplicationContext;
let db: Awaited<ReturnType<typeof testDataSource>>;
let client: MessagingClient;
const evaluated: TaskEvaluated[] = [];
const reputations: AgentReputation[] = [];

function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const server = createServer();
    server.once('error', ko);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : ko(new Error('no port')),
      );
    });
  });
}

beforeAll(async () => {
  prefix = uniquePrefix('evaluator-feature');
  const stack = stackEnv();
  db = await testDataSource({
    entities: evaluatorEntities,
    migrations: evaluatorMigrations,
    label: 'evaluator-feature',
  });
  memorySchema = `t_evalmem_${randomBytes(4).toString('hex')}`;

  // The real memory service, from source, on the same topics.
  const port = await freePort();
  memoryUrl = `http://127.0.0.1:${port}`;
  memory = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/memory/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: prefix,
      SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
      DATABASE_URL: stack.DATABASE_URL,
      DATABASE_SCHEMA: memorySchema,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  memory.stdout?.on('data', (d: Buffer) => (memoryOutput += d.toString()));
  memory.stderr?.on('data', (d: Buffer) => (memoryOutput += d.toString()));

  const env = {
    ...serviceEnvSchema.parse({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: prefix,
      SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
      DATABASE_URL: stack.DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
    }),
    EVAL_ACCEPT_THRESHOLD: 0.7,
    EVAL_REPUTATION_ALPHA: 0.3,
    EVAL_MIN_OUTPUT_CHARS: 20,
    EVAL_MAX_OUTPUT_CHARS: 100_000,
    EVAL_MEMORY_TIMEOUT_MS: 10_000,
    EVAL_JUDGE_WEIGHT: 0.3,
    EVAL_RELEVANCE_THRESHOLD: 0.1,
    // the feedback below quotes the hashing embedder's figures; MiniLM's has its own spec
    EVAL_RELEVANCE_EMBEDDER: 'hashing' as const,
  } satisfies EvaluatorConfig & Record<string, unknown>;
  const context = {
    service: 'evaluator',
    version: '0.0.0-test',
    env,
    logger: createLogger('evaluator', 'silent'),
  };
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        context,
        database: { entities: evaluatorEntities, migrations: evaluatorMigrations },
      }),
      EvaluatorFeatureModule,
    ],
  })
  class TestAppModule {}
  app = await NestFactory.createApplicationContext(TestAppModule, { logger: false });
  await app.init();

  client = testMessagingClient(prefix, { service: 'evaluator-test' });
  await client.connect();
  await client
    .consumer(`${prefix}observer`)
    .on('TaskEvaluated', (e) => void evaluated.push(e))
    .on('AgentReputation', (e) => void reputations.push(e))
    .start();

  await waitFor(
    'the memory service to be healthy',
    async () =>
      (await fetch(`${memoryUrl}/health`).catch(() => undefined))?.ok ? true : undefined,
    { timeoutMs: 90_000, intervalMs: 250 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${memoryOutput}`);
  });
  const posted = await fetch(`${memoryUrl}/memory/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      documents: [
        {
          id: 'doc:ordering',
          title: 'Ordering in Kafka',
          source: 'ordering.md',
          content: DOCUMENT,
        },
        {
          id: 'doc:ordering-faq',
          title: 'Ordering FAQ',
          source: 'ordering-faq.md',
          visibility: 'public',
          content: `# Ordering FAQ\n\n${PUBLIC_QUOTE}`,
        },
      ],
    }),
  });
  expect(posted.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await app?.close();
  if (memory && memory.exitCode === null) {
    const exited = new Promise((r) => memory!.once('exit', r));
    memory.kill('SIGTERM');
    await exited;
  }
  await db?.dataSource.query(`drop schema if exists "${memorySchema}" cascade`);
  await db?.drop();
});

function completed(
  taskId: string,
  agentId: string,
  quote: string,
  itemId = 'doc:ordering#1',
): TaskCompleted {
  return {
    ...sampleEvent('TaskCompleted'),
    envelope: newEnvelope({ producer, goalId: `goal-${randomUUID()}` }),
    taskId,
    attempt: 1,
    agentId,
    capability: 'report',
    output: JSON.stringify({
      kind: 'report',
      title: 'Ordering',
      markdown: 'Kafka keeps order per partition, not per topic [1].',
      citations: [{ itemId, title: 'Ordering in Kafka', source: 'ordering.md', quote }],
    }),
  };
}

/**
 * The award of an attempt, as the auction announces it; only its winner's result is judged.
 * With `goal`, the award's input is a task input for that goal, so relevance is judged too; with
 * `params`, the step's parameters (what it may quote).
 */
function award(
  taskId: string,
  agentId: string,
  attempt = 1,
  goal?: string,
  params: Record<string, unknown> = {},
) {
  return client.publisher.publish('TaskAwarded', {
    ...sampleEvent('TaskAwarded'),
    envelope: newEnvelope({ producer, goalId: 'g' }),
    taskId,
    attempt,
    agentId,
    bidders: [agentId],
    ...(goal
      ? { capability: 'report', input: JSON.stringify({ goal, outputKind: 'report', params }) }
      : {}),
  });
}

/** The value of a counter of this process, summed over the series whose labels include `labels`. */
async function metric(name: string, labels: string): Promise<number> {
  const { body } = await renderMetrics();
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
const refusedCount = (event: string) =>
  metric('agora_evaluator_results_refused_total', `event="${event}"`);

const verdictOf = (taskId: string) => () => evaluated.find((e) => e.taskId === taskId);
const reputationOf = (agentId: string, check: (r: AgentReputation) => boolean) => () =>
  reputations.filter((r) => r.agentId === agentId).find(check);

describe('evaluator feature on the real stack, with the real memory service', () => {
  const agentId = `agent-${randomUUID()}`;

  it('accepts a report whose citation is real (quote with different line breaks)', async () => {
    const event = completed('task-good', agentId, QUOTE.replace(' not across', '\n  not across'));
    await award('task-good', agentId);
    await client.publisher.publish('TaskCompleted', event);
    const verdict = await waitFor('the verdict on task-good', verdictOf('task-good'));
    expect(verdict).toMatchObject({
      verdict: 'ACCEPTED',
      score: 1,
      attempt: 1,
      agentId,
      capability: 'report',
    });
    expect(verdict.envelope.causationId).toBe(event.envelope.eventId);
    expect(verdict.envelope.goalId).toBe(event.envelope.goalId);

    const rep = await waitFor(
      'the reputation after task-good',
      reputationOf(agentId, (r) => r.capabilities[0]?.samples === 1),
    );
    expect(rep.envelope.goalId).toBeNull();
    expect(rep.capabilities).toEqual([
      {
        capability: 'report',
        score: afterEvaluation(undefined, 1, 0.3).score,
        samples: 1,
        failures: 0,
      },
    ]);
  });

  it('rejects a report with a fabricated quote, naming the citation', async () => {
    await award('task-bad', agentId);
    await client.publisher.publish(
      'TaskCompleted',
      completed('task-bad', agentId, 'Kafka guarantees a total order across all partitions.'),
    );
    const verdict = await waitFor('the verdict on task-bad', verdictOf('task-bad'));
    expect(verdict.verdict).toBe('REJECTED');
    expect(verdict.feedback).toContain(
      'citation 1 (doc:ordering#1): the quote "Kafka guarantees a total order across all partitions." does not occur in the item',
    );
    expect(verdict.score).toBeLessThan(1);

    const expected = afterEvaluation(afterEvaluation(undefined, 1, 0.3), verdict.score, 0.3);
    const rep = await waitFor(
      'the reputation after task-bad',
      reputationOf(agentId, (r) => r.capabilities[0]?.samples === 2),
    );
    expect(rep.capabilities[0]!.score).toBeCloseTo(expected.score, 10);
  });

  it('judges a report against its goal: on topic it is accepted, off topic rejected saying so', async () => {
    // An agent of its own, so the reputations counted by the other tests do not move.
    const agentId = `agent-${randomUUID()}`;
    await award(
      'task-on-topic',
      agentId,
      1,
      'How does Kafka keep the order of records in a partition?',
    );
    await client.publisher.publish('TaskCompleted', completed('task-on-topic', agentId, QUOTE));
    expect((await waitFor('the on-topic verdict', verdictOf('task-on-topic'))).verdict).toBe(
      'ACCEPTED',
    );

    await award('task-off-topic', agentId, 1, 'Plan a team offsite in Lisbon for twelve people');
    await client.publisher.publish('TaskCompleted', completed('task-off-topic', agentId, QUOTE));
    const verdict = await waitFor('the off-topic verdict', verdictOf('task-off-topic'));
    expect(verdict.verdict).toBe('REJECTED');
    expect(verdict.feedback).toContain('Rejected: relevance failed');
    expect(verdict.feedback).toMatch(
      /the output is off-topic: its similarity to the goal is 0\.\d\d, below 0\.1 \(hashing\); answer the goal itself \(plan, team, offsite, lisbon, twelve, people\)/,
    );
  });

  it('checks citations against what the step may quote: an internal document cited by a public step is rejected, naming it', async () => {
    const agentId = `agent-${randomUUID()}`;
    const goal = 'How does Kafka keep the order of records in a partition?';
    await award('task-public-internal', agentId, 1, goal, { quote: 'public' });
    await client.publisher.publish(
      'TaskCompleted',
      completed('task-public-internal', agentId, QUOTE),
    );
    const rejected = await waitFor(
      'the verdict on task-public-internal',
      verdictOf('task-public-internal'),
    );
    expect(rejected.verdict).toBe('REJECTED');
    expect(rejected.feedback).toContain(
      'citation 1 (doc:ordering#1): the document "Ordering in Kafka" (doc:ordering) is internal, and this step may quote only public documents',
    );

    // The public FAQ may be quoted by the public step, and the internal document by a staff one.
    await award('task-public-public', agentId, 1, goal, { quote: 'public' });
    await client.publisher.publish(
      'TaskCompleted',
      completed('task-public-public', agentId, PUBLIC_QUOTE, 'doc:ordering-faq#1'),
    );
    await award('task-internal-internal', agentId, 1, goal, { quote: 'internal' });
    await client.publisher.publish(
      'TaskCompleted',
      completed('task-internal-internal', agentId, QUOTE),
    );
    for (const taskId of ['task-public-public', 'task-internal-internal']) {
      const verdict = await waitFor(`the verdict on ${taskId}`, verdictOf(taskId));
      expect(verdict, verdict.feedback).toMatchObject({ verdict: 'ACCEPTED' });
    }
  });

  it('ignores a redelivered result: no second verdict, no second reputation move', async () => {
    const first = evaluated.find((e) => e.taskId === 'task-good')!;
    await client.publisher.publish(
      'TaskCompleted',
      completed('task-good', agentId, 'anything: the stored verdict stands'),
    );
    // The next attempt of the same task is on the same partition, so it is handled after the
    // redelivery: once its verdict is out, the redelivery has been handled too.
    await award('task-good', agentId, 2);
    await client.publisher.publish('TaskCompleted', {
      ...completed('task-good', agentId, QUOTE),
      attempt: 2,
    });
    await waitFor('the verdict on attempt 2', () =>
      evaluated.find((e) => e.taskId === 'task-good' && e.attempt === 2),
    );
    const firstAttempt = evaluated.filter((e) => e.taskId === 'task-good' && e.attempt === 1);
    expect(firstAttempt.map((e) => e.envelope.eventId)).toEqual([first.envelope.eventId]);
    const latest = await waitFor('the reputation after attempt 2', () => {
      const mine = reputations.filter((r) => r.agentId === agentId);
      return mine.find((r) => r.capabilities[0]?.samples === 3);
    });
    expect(latest.capabilities[0]!.samples).toBe(3);
    expect(
      reputations.filter((r) => r.agentId === agentId).map((r) => r.capabilities[0]?.samples),
    ).not.toContain(4);
  });

  it('commits each verdict and its events together in the outbox, marked published', async () => {
    const verdict = evaluated.find((e) => e.taskId === 'task-good')!;
    const row = await waitFor('the verdict marked published', async () => {
      const [r] = await db.dataSource.query<{ event_type: string; published_at: string | null }[]>(
        `select event_type, published_at from "${db.schema}".outbox where event_id = $1`,
        [verdict.envelope.eventId],
      );
      return r?.published_at ? r : undefined;
    });
    expect(row.event_type).toBe('TaskEvaluated');
  });

  it('counts a timeout against the agent, and ignores failures that are not its fault', async () => {
    const failed = (code: string, taskId: string) => ({
      ...sampleEvent('TaskFailed'),
      envelope: newEnvelope({ producer, goalId: 'g' }),
      taskId,
      attempt: 1,
      agentId,
      capability: 'gather',
      code,
    });
    await award('task-f2', agentId);
    await client.publisher.publish('TaskFailed', failed('unallocatable', 'task-f1'));
    await client.publisher.publish('TaskFailed', failed('timeout', 'task-f2'));
    const rep = await waitFor(
      'the reputation after the timeout',
      reputationOf(agentId, (r) => r.capabilities.some((c) => c.capability === 'gather')),
    );
    expect(rep.capabilities.map((c) => c.capability)).toEqual(['gather', 'report']);
    expect(rep.capabilities[0]).toEqual({
      capability: 'gather',
      score: afterFailure(undefined, 0.3).score,
      samples: 0,
      failures: 1,
    });
    // Three verdicts on 'report' so far (task-good twice, task-bad once): the failure leaves them.
    expect(rep.capabilities[1]!.samples).toBe(3);
  });
  it("judges only the result of the agent awarded the attempt: another agent's is refused, counted, and moves no reputation", async () => {
    const intruder = `intruder-${randomUUID()}`;
    const before = await refusedCount('TaskCompleted');
    await award('task-fenced', agentId);
    await client.publisher.publish('TaskCompleted', completed('task-fenced', intruder, QUOTE));
    await waitFor('the forged result refused', async () =>
      (await refusedCount('TaskCompleted')) > before ? true : undefined,
    );
    // The winner's result, after it on the same partition, still gets the attempt's verdict.
    await client.publisher.publish('TaskCompleted', completed('task-fenced', agentId, QUOTE));
    const verdict = await waitFor('the verdict on task-fenced', verdictOf('task-fenced'));
    expect(verdict).toMatchObject({ agentId, verdict: 'ACCEPTED' });
    expect(evaluated.filter((e) => e.taskId === 'task-fenced')).toHaveLength(1);
    expect(reputations.some((r) => r.agentId === intruder)).toBe(false);
    expect(await refusedCount('TaskCompleted')).toBe(before + 1);
  });

  it('holds a result read before the award of its attempt, and judges it once the award is read', async () => {
    const early = `agent-${randomUUID()}`;
    const heldBefore = await metric('agora_evaluator_results_held_total', 'TaskCompleted');
    await client.publisher.publish('TaskCompleted', completed('task-early', early, QUOTE));
    await waitFor('the result held', async () =>
      (await metric('agora_evaluator_results_held_total', 'TaskCompleted')) > heldBefore
        ? true
        : undefined,
    );
    expect(verdictOf('task-early')()).toBeUndefined();
    await award('task-early', early);
    const verdict = await waitFor('the verdict on task-early', verdictOf('task-early'));
    expect(verdict).toMatchObject({ agentId: early, verdict: 'ACCEPTED' });
    const [left] = await db.dataSource.query<{ n: number }[]>(
      `select count(*)::int as n from "${db.schema}".held_results where task_id = 'task-early'`,
    );
    expect(left?.n).toBe(0);
  });

  it('counts a failure only against the agent awarded the attempt', async () => {
    const intruder = `intruder-${randomUUID()}`;
    const before = await refusedCount('TaskFailed');
    await award('task-f3', agentId);
    await client.publisher.publish('TaskFailed', {
      ...sampleEvent('TaskFailed'),
      envelope: newEnvelope({ producer, goalId: 'g' }),
      taskId: 'task-f3',
      attempt: 1,
      agentId: intruder,
      capability: 'gather',
      code: 'timeout',
    });
    await waitFor('the forged failure refused', async () =>
      (await refusedCount('TaskFailed')) > before ? true : undefined,
    );
    const [row] = await db.dataSource.query<{ n: number }[]>(
      `select count(*)::int as n from "${db.schema}".agent_failures where task_id = 'task-f3'`,
    );
    expect(row?.n).toBe(0);
    expect(reputations.some((r) => r.agentId === intruder)).toBe(false);
  });
});
