import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceEnvSchema } from '@agora/config';
import type { AgentRow, GoalDetail, GoalRow, SwarmView } from '@agora/console/domain';
import { consoleEvents as ev } from '@agora/console/domain/testing';
import type { EventMap, EventType } from '@agora/contracts';
import { testDataSource } from '@agora/database/testing';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { ServiceRuntimeModule } from '@agora/runtime';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ROOT_CONTEXT, TraceFlags, context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from './console-settings';
import { ConsoleStreamService } from './console-stream.service';
import { ConsoleModule } from './console.module';

/*
 * The console against the real local Kafka and registry: a goal's events published by a fake
 * swarm, read back through the REST API and the live stream; a console started later rebuilds
 * the same view from the topics. The planner is a small HTTP server that records what it is sent.
 */

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;

let prefix: string;
let swarm: MessagingClient;
let dropSchema: () => Promise<void>;
let schema: string;
let planner: Server;
let plannerUrl: string;
const plannerSaw: { method: string; url: string; body: string }[] = [];
let webDir: string;
const apps: INestApplication[] = [];

/** A console on the test's topics; each has its own consumer group, as each process has. */
async function startConsole(overrides: Partial<ConsoleEnv> = {}): Promise<{
  app: INestApplication;
  url: string;
}> {
  const stack = stackEnv();
  const env = {
    ...serviceEnvSchema.parse({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_MAX_PARTITIONS: '2',
      SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
      DATABASE_URL: stack.DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: '2',
    }),
    PLANNER_URL: plannerUrl,
    PLANNER_TIMEOUT_MS: 5_000,
    CONSOLE_WEB_DIR: webDir,
    CONSOLE_MAX_GOALS: 5_000,
    CONSOLE_LAG_GROUPS: ['agora.planner'],
    CONSOLE_LAG_REFRESH_MS: 200,
    CONSOLE_STREAM_KEEPALIVE_MS: 300,
    ...overrides,
  } satisfies ConsoleEnv & Record<string, unknown>;
  const logger = createLogger(
    'console',
    (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent',
  );
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        context: { service: 'console', version: '0.0.0-test', env, logger },
      }),
      ConsoleModule,
    ],
  })
  class TestConsoleApp {}
  const app = await NestFactory.create(TestConsoleApp, { logger: false });
  await app.listen(0, '127.0.0.1');
  apps.push(app);
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** The events of GET /api/stream as they arrive, and its comment lines. */
async function openStream(url: string) {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/stream`, { signal: abort.signal });
  const events: { event: string; data: unknown }[] = [];
  const comments: string[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffered = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
          const block = buffered.slice(0, end).split('\n');
          buffered = buffered.slice(end + 2);
          const event = block.find((l) => l.startsWith('event: '))?.slice(7);
          const data = block.find((l) => l.startsWith('data: '))?.slice(6);
          if (event && data) events.push({ event, data: JSON.parse(data) });
          comments.push(...block.filter((l) => l.startsWith(':')));
        }
      }
    } catch {
      // Aborted by the test.
    }
  })();
  return { res, events, comments, close: () => abort.abort() };
}

type Item = { [T in EventType]: [T, EventMap[T]] }[EventType];

/** A goal's whole life, with one refusal and one bid that comes after the award. */
function goalLife(goalId: string, base: number): Item[] {
  const at = (ms: number) => ({ at: base + ms, goalId });
  const agent = (ms: number) => ({ at: base + ms, goalId: null });
  const taskId = `${goalId}-gather`;
  return [
    [
      'GoalSubmitted',
      ev.goalSubmitted(at(0), { goal: 'Why is Kafka a log?', workflow: 'research' }),
    ],
    [
      'GoalPlanned',
      ev.goalPlanned(at(10), {
        workflow: 'research',
        tasks: [{ taskId, name: 'gather', capability: 'gather', dependsOn: [], input: null }],
      }),
    ],
    ['TaskReady', ev.taskReady(at(20), { taskId })],
    ['CallForProposals', ev.callForProposals(at(30), { taskId, invitedAgents: ['a', 'b', 'c'] })],
    ['BidSubmitted', ev.bid(at(40), { taskId, agentId: 'a', cost: 0.03 })],
    ['BidSubmitted', ev.refusal(at(45), { taskId, agentId: 'c', refusalReason: 'full' })],
    ['BidSubmitted', ev.bid(at(50), { taskId, agentId: 'b', cost: 0.01 })],
    [
      'TaskAwarded',
      ev.taskAwarded(at(70), { taskId, agentId: 'b', score: 0.9, bidders: ['a', 'b'] }),
    ],
    ['BidSubmitted', ev.bid(at(75), { taskId, agentId: 'd' })],
    ['TaskProgress', ev.taskProgress(at(80), { taskId, agentId: 'b' })],
    ['TaskCompleted', ev.taskCompleted(at(100), { taskId, agentId: 'b', usage: ev.usage(0.01) })],
    ['TaskEvaluated', ev.taskEvaluated(at(120), { taskId, agentId: 'b', score: 0.95 })],
    ['GoalCompleted', ev.goalCompleted(at(130), { output: '# A log', usage: ev.goalUsage(0.01) })],
    ['AgentHeartbeat', ev.heartbeat(agent(0), { agentId: 'a', intervalMs: 60_000 })],
    [
      'AgentHeartbeat',
      ev.heartbeat(agent(0), { agentId: 'b', intervalMs: 60_000, activeTasks: 1 }),
    ],
    [
      'AgentReputation',
      ev.reputation(agent(125), {
        agentId: 'b',
        capabilities: [{ capability: 'gather', score: 0.8, samples: 3, failures: 0 }],
      }),
    ],
  ];
}

/** Publishes as a team producing to Kafka would: the submission carries its own trace context. */
async function publish(items: readonly Item[]): Promise<void> {
  const theirs = trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  for (const [type, event] of items) {
    const headers: Record<string, string> = type === 'GoalSubmitted' ? { traceparent } : {};
    await context.with(theirs, () => swarm.publisher.publish(type, event, { headers }));
  }
}

beforeAll(async () => {
  prefix = uniquePrefix('console-feature');
  const db = await testDataSource({ entities: [], migrations: [], label: 'console' });
  schema = db.schema;
  dropSchema = db.drop;
  webDir = mkdtempSync(join(tmpdir(), 'agora-console-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Agora</title>');
  writeFileSync(join(webDir, 'app.js'), 'console.log("agora")');
  planner = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      plannerSaw.push({ method: req.method ?? '', url: req.url ?? '', body });
      const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.method === 'POST' && req.url === '/goals') {
        const goal = (JSON.parse(body) as { goal?: string }).goal;
        if (!goal) reply(400, { message: 'goal: required', fields: [{ field: 'goal' }] });
        else reply(202, { goalId: 'from-planner' });
      } else if (req.url === '/workflows') reply(200, [{ name: 'research' }]);
      else if (req.url?.startsWith('/dead-letters')) {
        reply(429, { message: 'busy' }, { 'retry-after': '7' });
      } else reply(404, { message: 'no such route' });
    });
  });
  await new Promise<void>((r) => planner.listen(0, '127.0.0.1', r));
  const address = planner.address();
  plannerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  swarm = testMessagingClient(prefix, { service: 'swarm' });
  await swarm.connect();
}, 120_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await swarm?.close();
  await new Promise((r) => planner?.close(r));
  await dropSchema?.();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe('console on the real stack', () => {
  const goalId = randomUUID();
  let url: string;
  let app: INestApplication;

  it(
    'shows a goal published on Kafka: list, detail with marked bids, timeline and trace, agents, swarm, stream',
    { timeout: 90_000 },
    async () => {
      ({ app, url } = await startConsole());
      const stream = await openStream(url);
      expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);

      // The planner's group has read nothing: its lag on the submissions is what was written.
      const admin = swarm.rawKafka.admin();
      await admin.connect();
      const base = Date.now();
      await publish(goalLife(goalId, base));
      await admin.setOffsets({
        groupId: `${prefix}agora.planner`,
        topic: swarm.topics.topic('GoalSubmitted'),
        partitions: [0, 1].map((partition) => ({ partition, offset: '0' })),
      });
      await admin.disconnect();

      const detail = await waitFor('the goal completed in the console', async () => {
        const { status, body } = await getJson<GoalDetail>(`${url}/api/goals/${goalId}`);
        return status === 200 && body.state === 'completed' && body.timeline.length === 13
          ? body
          : undefined;
      });
      expect(detail).toMatchObject({
        goal: 'Why is Kafka a log?',
        workflow: 'research',
        traceId,
        output: '# A log',
        planSource: 'workflow',
        createdAt: base,
        finishedAt: base + 130,
      });
      const [task] = detail.tasks;
      expect(task).toMatchObject({ name: 'gather', state: 'accepted' });
      const attempt = task!.attempts[0]!;
      expect(attempt.invited).toEqual(['a', 'b', 'c']);
      expect(attempt.award).toMatchObject({ agentId: 'b', score: 0.9, bidders: ['a', 'b'] });
      expect(
        attempt.bids.map((b) => [b.agentId, b.decision, b.winner, b.late, b.score, b.reputation]),
      ).toEqual([
        ['a', 'BID', false, false, null, null],
        ['c', 'REFUSE', false, false, null, null],
        ['b', 'BID', true, false, 0.9, 0.8],
        ['d', 'BID', false, true, null, null],
      ]);
      expect(detail.timeline.map((t) => t.type)).toEqual([
        'GoalSubmitted',
        'GoalPlanned',
        'TaskReady',
        'CallForProposals',
        'BidSubmitted',
        'BidSubmitted',
        'BidSubmitted',
        'TaskAwarded',
        'BidSubmitted',
        'TaskProgress',
        'TaskCompleted',
        'TaskEvaluated',
        'GoalCompleted',
      ]);
      expect(detail.timeline[7]).toMatchObject({ taskName: 'gather', attempt: 1, gapMs: 20 });

      const list = await getJson<{ goals: GoalRow[] }>(`${url}/api/goals?state=completed&q=kafka`);
      expect(list.status).toBe(200);
      expect(list.body.goals.map((g) => g.goalId)).toEqual([goalId]);
      expect(list.body.goals[0]).toMatchObject({ tasks: { total: 1, accepted: 1 }, costUsd: 0.01 });
      expect(
        (await getJson<{ goals: GoalRow[] }>(`${url}/api/goals?state=failed`)).body.goals,
      ).toEqual([]);

      const agents = await waitFor('both agents', async () => {
        const { body } = await getJson<{ agents: AgentRow[] }>(`${url}/api/agents`);
        return body.agents.length === 2 && body.agents[1]!.reputation.length === 1
          ? body.agents
          : undefined;
      });
      expect(agents.map((a) => [a.agentId, a.online, a.activeTasks])).toEqual([
        ['a', true, 0],
        ['b', true, 1],
      ]);
      expect(agents[1]!.reputation).toEqual([{ capability: 'gather', score: 0.8, samples: 3 }]);

      const swarmView = await waitFor('the planner group lag', async () => {
        const { body } = await getJson<SwarmView>(`${url}/api/swarm`);
        return body.lag.length > 0 ? body : undefined;
      });
      expect(swarmView.goals).toEqual({ submitted: 0, running: 0, completed: 1, failed: 0 });
      expect(swarmView.allocation).toEqual({ p50Ms: 50, p99Ms: 50, samples: 1 });
      expect(swarmView.throughput).toEqual({ goalsPerMinute: 1, tasksPerMinute: 1 });
      expect(swarmView.lag).toEqual([
        { group: 'agora.planner', topic: 'agora.goals.submitted', lag: 1 },
      ]);

      // The stream told of the goal, the agents and the swarm, and kept itself open.
      await waitFor('goal, agent and swarm events and a keep-alive comment', () =>
        stream.events.some((e) => e.event === 'goal' && (e.data as GoalRow).goalId === goalId) &&
        stream.events.some((e) => e.event === 'agent') &&
        stream.events.some((e) => e.event === 'swarm') &&
        stream.comments.includes(': keep-alive')
          ? true
          : undefined,
      );
      await waitFor('the completed row on the stream', () =>
        stream.events.some(
          (e) =>
            e.event === 'goal' &&
            (e.data as GoalRow).goalId === goalId &&
            (e.data as GoalRow).state === 'completed',
        )
          ? true
          : undefined,
      );
      const streams = app.get(ConsoleStreamService);
      expect(streams.clientCount).toBe(1);
      stream.close();
      await waitFor('the stream listener removed', () =>
        streams.clientCount === 0 ? true : undefined,
      );
    },
  );

  it('answers 400 naming the field for a bad filter, and 404 for a goal it never saw', async () => {
    const state = await getJson<{ message: string; field: string }>(`${url}/api/goals?state=done`);
    expect(state.status).toBe(400);
    expect(state.body).toMatchObject({
      field: 'state',
      message: expect.stringContaining("'done'"),
    });
    const limit = await getJson<{ field: string }>(`${url}/api/goals?limit=5000`);
    expect([limit.status, limit.body.field]).toEqual([400, 'limit']);
    const missing = await getJson<{ message: string }>(`${url}/api/goals/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/has not seen goal/);
  });

  it('passes goals, workflows and dead letters on to the planner, with its status and body', async () => {
    const submitted = await fetch(`${url}/api/goals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ goal: 'Compare logs', workflow: 'research' }),
    });
    expect(submitted.status).toBe(202);
    expect(await submitted.json()).toEqual({ goalId: 'from-planner' });
    expect(plannerSaw.at(-1)).toEqual({
      method: 'POST',
      url: '/goals',
      body: JSON.stringify({ goal: 'Compare logs', workflow: 'research' }),
    });
    const refused = await fetch(`${url}/api/goals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ fields: [{ field: 'goal' }] });

    expect(await (await fetch(`${url}/api/workflows`)).json()).toEqual([{ name: 'research' }]);
    const letters = await fetch(`${url}/api/dead-letters?limit=5&topic=agora.tasks.ready`);
    expect([letters.status, letters.headers.get('retry-after')]).toEqual([429, '7']);
    expect(plannerSaw.at(-1)?.url).toBe('/dead-letters?limit=5&topic=agora.tasks.ready');
    await fetch(`${url}/api/dead-letters/1/42`);
    expect(plannerSaw.at(-1)?.url).toBe('/dead-letters/1/42');
    await fetch(`${url}/api/dead-letters/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ positions: [{ partition: 1, offset: '42' }] }),
    });
    expect(plannerSaw.at(-1)).toMatchObject({ method: 'POST', url: '/dead-letters/replay' });
  });

  it('serves the built app at / and its OpenAPI document', async () => {
    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>Agora</title>');
    expect((await fetch(`${url}/app.js`)).status).toBe(200);
    expect((await fetch(`${url}/nope.js`)).status).toBe(404);
    const doc = await getJson<{ paths: Record<string, unknown> }>(`${url}/openapi.json`);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/goals', '/api/goals/{id}', '/api/stream', '/api/swarm']),
    );
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it(
    'a console started later rebuilds the same view from the topics; without a built app or a planner it says so',
    { timeout: 90_000 },
    async () => {
      const later = await startConsole({
        CONSOLE_WEB_DIR: join(webDir, 'missing'),
        PLANNER_URL: 'http://127.0.0.1:9',
      });
      const [first, second] = await Promise.all([
        getJson<GoalDetail>(`${url}/api/goals/${goalId}`),
        waitFor('the goal rebuilt by the second console', async () => {
          const { status, body } = await getJson<GoalDetail>(`${later.url}/api/goals/${goalId}`);
          return status === 200 && body.timeline.length === 13 ? body : undefined;
        }),
      ]);
      expect(second).toEqual(first.body);
      expect(
        (await getJson<{ agents: AgentRow[] }>(`${later.url}/api/agents`)).body.agents,
      ).toHaveLength(2);

      const root = await fetch(`${later.url}/`);
      expect(root.status).toBe(503);
      expect(await root.text()).toContain('npm run build:console');
      const down = await fetch(`${later.url}/api/workflows`);
      expect(down.status).toBe(502);
      expect(((await down.json()) as { message: string }).message).toMatch(/PLANNER_URL/);
    },
  );
});
