import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig, serviceEnvSchema } from '@agora/config';
import {
  newEnvelope,
  type GoalCompleted,
  type GoalFailed,
  type TaskInput,
  type TaskOutput,
  type TaskReady,
} from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { testDataSource } from '@agora/database/testing';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger, startTracing } from '@agora/observability';
import { plannerEntities, plannerMigrations } from '@agora/planner/data-access';
import { WorkflowCatalog } from '@agora/planner/domain';
import { ServiceRuntimeModule } from '@agora/runtime';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { ROOT_CONTEXT, TraceFlags, context, trace } from '@opentelemetry/api';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoalSummary, GoalView } from './api/goal-view';
import type { PlannerSettings } from './planner-settings';
import { PlannerModule } from './planner.module';

const producer = { service: 'swarm', version: '0.0.0-test' };

/** What the fake swarm saw of each TaskReady. */
interface ReadySeen {
  goalId: string;
  name: string;
  attempt: number;
  excludedAgents: string[];
  feedback: string | null;
  input: TaskInput;
}

let app: INestApplication;
let plannerApp: Type;
let url: string;
let swarm: MessagingClient;
let dropSchema: () => Promise<void>;
let stopTracing: () => Promise<void>;
let ownWorkflows: string;
let plannerDb: { query: (sql: string, params: unknown[]) => Promise<unknown> };
let env: ReturnType<typeof loadConfig<typeof serviceEnvSchema>> & Record<string, unknown>;
const readySeen: ReadySeen[] = [];

interface ApiError {
  message: string;
  fields: { field: string; message: string }[];
}
interface OpenApiDoc {
  paths: Record<
    string,
    { post?: { requestBody: { content: Record<string, { schema: { required?: string[] } }> } } }
  >;
}
const completed = new Map<string, GoalCompleted>();
const submittedGoals: string[] = [];
/** goalId → the traceparent header its GoalSubmitted carried. */
const submittedTraceparents = new Map<string, string>();
const failed = new Map<string, GoalFailed>();
const cancelled: string[] = [];

function outputFor(name: string, goal: string): TaskOutput {
  switch (name) {
    case 'gather':
      return { kind: 'sources', query: goal, sources: [{ itemId: 'm1', quote: 'Kafka is a log' }] };
    case 'analyze':
      return { kind: 'analysis', summary: 'a log', points: [] };
    case 'validate':
      return { kind: 'validation', checked: 1, supported: 1, issues: [] };
    case 'report':
      return {
        kind: 'report',
        title: goal,
        markdown: `# ${goal}\n\nKafka is a log.`,
        citations: [],
      };
    default:
      return { kind: 'text', text: name };
  }
}

/**
 * A fake swarm: answers each TaskReady with an award, a result and an evaluation, as the
 * auction, an executor and the evaluator would. The goal's `scenario` input picks the verdicts;
 * `silent` awards nothing, `hold` awards and never answers.
 */
async function onTaskReady(event: TaskReady): Promise<void> {
  const input = JSON.parse(event.input) as TaskInput;
  const goalId = event.envelope.goalId!;
  readySeen.push({
    goalId,
    name: event.name,
    attempt: event.attempt,
    excludedAgents: event.excludedAgents,
    feedback: event.feedback,
    input,
  });
  if (input.inputs['scenario'] === 'silent') return;
  const agentId = `agent-${event.attempt}`;
  const awarded = {
    envelope: newEnvelope({ producer, causation: event }),
    taskId: event.taskId,
    attempt: event.attempt,
    round: 1,
    incarnation: '',
    taskName: event.name,
    capability: event.capability,
    agentId,
    leaseExpiresAt: Date.now() + 30_000,
    score: 0.75,
    bidders: [agentId, 'agent-x'],
    scores: [],
    input: event.input,
    feedback: event.feedback,
  };
  await swarm.publisher.publish('TaskAwarded', awarded);
  // The agent works on and on: only a cancellation or the deadline ends the attempt.
  if (input.inputs['scenario'] === 'hold') return;
  const result = {
    envelope: newEnvelope({ producer, causation: awarded }),
    taskId: event.taskId,
    attempt: event.attempt,
    agentId,
    capability: event.capability,
    output: JSON.stringify(outputFor(event.name, input.goal)),
    usage: { durationMs: 5, inputTokens: 10, outputTokens: 5, costUsd: 0.001, model: null },
  };
  await swarm.publisher.publish('TaskCompleted', result);
  const scenario = input.inputs['scenario'];
  const reject =
    (scenario === 'reject-analyze-once' && event.name === 'analyze' && event.attempt === 1) ||
    (scenario === 'reject-report' && event.name === 'report');
  await swarm.publisher.publish('TaskEvaluated', {
    envelope: newEnvelope({ producer, causation: result }),
    taskId: event.taskId,
    attempt: event.attempt,
    agentId,
    capability: event.capability,
    verdict: reject ? 'REJECTED' : 'ACCEPTED',
    score: reject ? 0.2 : 0.9,
    feedback: reject ? `${event.name} needs more citations` : 'good',
  });
}

async function post<T = ApiError>(
  path: string,
  body: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

async function get<T = GoalView>(path: string): Promise<{ status: number; json: T }> {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, json: (await res.json()) as T };
}

async function submit(body: unknown): Promise<string> {
  const { status, json } = await post<{ goalId: string }>('/goals', body);
  expect(status).toBe(202);
  return json.goalId;
}

const readyOf = (goalId: string) => readySeen.filter((r) => r.goalId === goalId);

beforeAll(async () => {
  // Spans with real ids, as a service has (runService starts tracing before Nest).
  stopTracing = startTracing({ service: 'planner', version: '0.0.0-test' });
  const prefix = uniquePrefix('planner-feature');
  ownWorkflows = mkdtempSync(join(tmpdir(), 'workflows-'));
  writeFileSync(
    join(ownWorkflows, 'brief.yaml'),
    [
      'name: brief',
      'description: Gather sources and write a short report.',
      'steps:',
      '  - name: gather',
      '    capability: gather',
      '  - name: report',
      '    capability: report',
      '    dependsOn: [gather]',
      '',
    ].join('\n'),
  );
  const stack = stackEnv();
  const db = await testDataSource({
    entities: plannerEntities,
    migrations: plannerMigrations,
    label: 'planner-feature',
  });
  // The migrations are applied here; the app finds them done. drop() removes the schema at the end.
  dropSchema = db.drop;
  plannerDb = db.dataSource;
  env = {
    ...loadConfig('planner', serviceEnvSchema, {
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
      DATABASE_URL: stack.DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    }),
    PLANNER_DEFAULT_WORKFLOW: 'research',
    PLANNER_SWEEP_INTERVAL_MS: 200,
    PLANNER_SWEEP_BATCH: 50,
    PLANNER_REPLAN_AFTER_MS: 30_000,
    PLANNER_REDRIVE_AFTER_MS: 1_500,
    PLANNER_ADMISSION: 'queue',
    PLANNER_MAX_BACKLOG: 10_000,
  };
  const logger = createLogger(
    'planner',
    (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent',
  );
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        context: { service: 'planner', version: '0.0.0-test', env, logger },
        database: { entities: plannerEntities, migrations: plannerMigrations },
      }),
      // The shipped workflows plus one of an operator's folder (PLANNER_WORKFLOWS_DIR).
      PlannerModule.register({ catalog: WorkflowCatalog.withDirectory(ownWorkflows) }),
    ],
  })
  class TestPlannerApp {}
  plannerApp = TestPlannerApp;

  swarm = testMessagingClient(prefix, { service: 'swarm' });
  await swarm.connect();
  await swarm
    .consumer(`${prefix}swarm`)
    .on('TaskReady', onTaskReady)
    .on('GoalSubmitted', (e, ctx) => {
      submittedGoals.push(e.goal);
      submittedTraceparents.set(e.envelope.goalId!, ctx.headers['traceparent'] ?? '');
    })
    .on('GoalCompleted', (e) => void completed.set(e.envelope.goalId!, e))
    .on('GoalFailed', (e) => void failed.set(e.envelope.goalId!, e))
    .on('TaskFailed', (e) => void cancelled.push(`${e.taskId}#${e.attempt}:${e.agentId}:${e.code}`))
    .start();

  await startPlanner();
});

/** Starts a planner on the test's schema and topics; a second call after app.close() is a restart. */
async function startPlanner(): Promise<void> {
  app = await NestFactory.create(plannerApp, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

afterAll(async () => {
  await app?.close();
  await swarm?.close();
  await dropSchema?.();
  await stopTracing?.();
  if (ownWorkflows) rmSync(ownWorkflows, { recursive: true, force: true });
});

describe('planner on the real stack', () => {
  it('runs a research goal submitted over HTTP task by task and completes with the report', async () => {
    const goalId = await submit({
      goal: 'What is Kafka?',
      workflow: 'research',
      inputs: { scenario: 'happy' },
    });
    const done = await waitFor('GoalCompleted', () => completed.get(goalId));
    expect(readyOf(goalId).map((r) => r.name)).toEqual(['gather', 'analyze', 'validate', 'report']);
    expect(done.output).toBe('# What is Kafka?\n\nKafka is a log.');
    expect(done.usage).toMatchObject({ tasks: 4, attempts: 4, inputTokens: 40, outputTokens: 20 });
    expect(done.usage.costUsd).toBeCloseTo(0.004);
    // Each task got the accepted outputs of the steps it depends on.
    const report = readyOf(goalId).find((r) => r.name === 'report')!;
    expect(report.input.upstream.map((u) => [u.name, u.output.kind])).toEqual([
      ['analyze', 'analysis'],
      ['validate', 'validation'],
    ]);

    const { status, json } = await get(`/goals/${goalId}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      goalId,
      state: 'completed',
      workflow: 'research',
      output: done.output,
    });
    expect(json.tasks.map((t) => [t.name, t.state, t.attempts])).toEqual([
      ['gather', 'accepted', 1],
      ['analyze', 'accepted', 1],
      ['validate', 'accepted', 1],
      ['report', 'accepted', 1],
    ]);
    expect(json.tasks[0]!.auction).toEqual({
      agentId: 'agent-1',
      score: 0.75,
      bidders: ['agent-1', 'agent-x'],
    });
    // Each task's latest output, raw and for a person.
    expect(JSON.parse(json.tasks[1]!.output!)).toMatchObject({ kind: 'analysis' });
    expect(json.tasks[3]!.outputText).toContain(done.output);
    expect(json.tasks[1]!.outputText).not.toContain('"kind"');
    expect(json.tasks[0]!.evaluation).toMatchObject({
      verdict: 'ACCEPTED',
      score: 0.9,
      feedback: 'good',
    });
  });

  it("keeps the trace each goal's events join: the submission's, over HTTP or from Kafka", async () => {
    const overHttp = await submit({ goal: 'Traced over HTTP', inputs: { scenario: 'happy' } });
    await waitFor('GoalSubmitted of the HTTP goal', () => submittedTraceparents.get(overHttp));
    const httpTrace = (await get(`/goals/${overHttp}`)).json.traceId;
    expect(httpTrace).toMatch(/^[0-9a-f]{32}$/);
    expect(submittedTraceparents.get(overHttp)).toContain(`-${httpTrace}-`);

    // A team producing to Kafka sends its own trace context; the goal joins that trace.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const event = {
      ...sampleEvent('GoalSubmitted'),
      envelope: newEnvelope({ producer, goalId: randomUUID() }),
      goal: 'Traced from Kafka',
      workflow: 'research',
      inputs: { scenario: 'happy' },
    };
    const theirs = trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    await context.with(theirs, () => swarm.publisher.publish('GoalSubmitted', event));
    const fromKafka = event.envelope.goalId!;
    await waitFor('the goal from Kafka recorded', async () => {
      const { status } = await get(`/goals/${fromKafka}`);
      return status === 200 || undefined;
    });
    expect((await get(`/goals/${fromKafka}`)).json.traceId).toBe(traceId);
  });

  it('retries a rejected task with the feedback, excluding the agent that failed it', async () => {
    const goalId = await submit({
      goal: 'Explain partitions',
      inputs: { scenario: 'reject-analyze-once' },
    });
    await waitFor('GoalCompleted', () => completed.get(goalId));
    const analyze = readyOf(goalId).filter((r) => r.name === 'analyze');
    expect(analyze.map((r) => [r.attempt, r.excludedAgents, r.feedback])).toEqual([
      [1, [], null],
      [2, ['agent-1'], 'analyze needs more citations'],
    ]);
    expect(analyze[1]!.input.feedback).toBe('analyze needs more citations');
    const { json } = await get(`/goals/${goalId}`);
    expect(json.workflow).toBe('research');
    expect(json.usage).toMatchObject({ tasks: 4, attempts: 5 });
  });

  it('fails the goal with a readable reason when a task is rejected maxAttempts times', async () => {
    const goalId = await submit({
      goal: 'Write about brokers',
      workflow: 'research',
      inputs: { scenario: 'reject-report' },
    });
    const failure = await waitFor('GoalFailed', () => failed.get(goalId));
    expect(failure).toMatchObject({
      code: 'task_failed',
      taskId: `${goalId}/report`,
      reason: 'task report was rejected 3 times: report needs more citations',
    });
    expect(
      readyOf(goalId)
        .filter((r) => r.name === 'report')
        .map((r) => r.excludedAgents),
    ).toEqual([[], ['agent-1'], ['agent-1', 'agent-2']]);
    const { json } = await get(`/goals/${goalId}`);
    expect(json).toMatchObject({ state: 'failed', failure: { code: 'task_failed' } });
  });

  it('fails with budget_exceeded when maxTasks is reached', async () => {
    const goalId = await submit({
      goal: 'Too big',
      workflow: 'research',
      inputs: { scenario: 'happy' },
      budget: { maxTasks: 2 },
    });
    const failure = await waitFor('GoalFailed', () => failed.get(goalId));
    expect(failure.code).toBe('budget_exceeded');
    expect(failure.reason).toMatch(/at most 2 task attempts/);
    expect(failure.usage.attempts).toBe(2);
    expect(readyOf(goalId).map((r) => r.name)).toEqual(['gather', 'analyze']);
  });

  it('publishes from the sweeper an event committed but never sent (a crash between commit and publish)', async () => {
    const goalId = `relay-${Date.now()}`;
    const ready: TaskReady = {
      ...sampleEvent('TaskReady'),
      envelope: newEnvelope({ producer, goalId }),
      taskId: `${goalId}/gather`,
      input: JSON.stringify({
        goal: 'x',
        inputs: { scenario: 'silent' },
        params: {},
        upstream: [],
      }),
    };
    // What a planner leaves behind when it dies after its commit: a staged row, never marked.
    await plannerDb.query(
      `insert into outbox (event_id, event_type, event_key, payload, created_at)
       values ($1, 'TaskReady', $2, $3, $4)`,
      [ready.envelope.eventId, ready.taskId, JSON.stringify(ready), Date.now() - 60_000],
    );
    const seen = await waitFor('the relayed TaskReady', () =>
      readySeen.find((r) => r.goalId === goalId),
    );
    expect(seen.name).toBe(ready.name);
  });

  it('publishes nothing for a transaction whose commit fails after its events were staged', async () => {
    const doomed = `doomed goal ${Date.now()}`;
    // Fails at COMMIT, after every statement of the transaction ran (the outbox insert too).
    await plannerDb.query(
      `create function refuse_doomed() returns trigger language plpgsql as $$
       begin
         if new.text like 'doomed goal %' then raise exception 'forced rollback at commit'; end if;
         return new;
       end $$`,
      [],
    );
    await plannerDb.query(
      `create constraint trigger refuse_doomed after insert on goals
         deferrable initially deferred for each row execute function refuse_doomed()`,
      [],
    );
    try {
      const refused = await post('/goals', { goal: doomed, inputs: { scenario: 'silent' } });
      expect(refused.status).toBeGreaterThanOrEqual(500);
      const sentinel = await submit({
        goal: 'after the doomed one',
        inputs: { scenario: 'silent' },
      });
      await waitFor('the next goal announced', () =>
        submittedGoals.includes('after the doomed one') ? true : undefined,
      );
      // Longer than the relay's republish delay: a staged row that survived would be out by now.
      await new Promise((r) => setTimeout(r, 3_500));
      expect(submittedGoals).not.toContain(doomed);
      const rows = (await plannerDb.query(
        `select count(*)::int as n from outbox where payload->>'goal' = $1`,
        [doomed],
      )) as { n: number }[];
      expect(rows[0]?.n).toBe(0);
      expect((await get(`/goals/${sentinel}`)).status).toBe(200);
    } finally {
      await plannerDb.query(`drop trigger refuse_doomed on goals`, []);
      await plannerDb.query(`drop function refuse_doomed()`, []);
    }
  });

  it('sends the same call again for a task no auction acted on', async () => {
    const goalId = await submit({ goal: 'Nobody hears this', inputs: { scenario: 'silent' } });
    const calls = await waitFor(
      'the call sent twice',
      () => {
        const seen = readyOf(goalId).filter((r) => r.name === 'gather');
        return seen.length >= 2 ? seen : undefined;
      },
      { timeoutMs: 15_000 },
    );
    // The same attempt, not a new one: an auction that did see the first ignores the second.
    expect(calls.map((c) => c.attempt)).toEqual(calls.map(() => 1));
    const view = await get<GoalView>(`/goals/${goalId}`);
    expect(view.json.tasks.find((t) => t.name === 'gather')?.state).toBe('ready');
  });

  it('fails an overdue goal from the sweeper and cancels the running attempt', async () => {
    const goalId = await submit({
      goal: 'Never answered',
      inputs: { scenario: 'silent' },
      budget: { deadlineSeconds: 1 },
    });
    const failure = await waitFor('GoalFailed', () => failed.get(goalId));
    expect(failure.code).toBe('deadline_exceeded');
    await waitFor('the cancellation', () =>
      cancelled.includes(`${goalId}/gather#1:null:cancelled`) ? true : undefined,
    );
  });

  it('answers 400 naming the bad field, 404 for an unknown goal, lists goals and serves OpenAPI', async () => {
    const bad = await post('/goals', { goal: '', budget: { maxTasks: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.fields.map((f) => f.field)).toEqual(['goal', 'budget.maxTasks']);
    expect(bad.json.message).toMatch(/^goal: must not be empty/);
    // Hostile values are 400s naming the field, never 500s from the database or a timestamp.
    const hostile = await post('/goals', {
      goal: 'a\u0000b',
      inputs: { 'k\u0000': 'v', ok: 'v\u0000' },
      budget: { deadlineSeconds: 1e15, maxWaitSeconds: 1e300 },
    });
    expect(hostile.status).toBe(400);
    expect(hostile.json.fields.map((f) => f.field).sort()).toEqual([
      'budget.deadlineSeconds',
      'budget.maxWaitSeconds',
      'goal',
      'inputs.k\u0000',
      'inputs.ok',
    ]);
    expect(hostile.json.message).toMatch(/goal: must not contain NUL/);
    const workflow = await post('/goals', { goal: 'x', workflow: 'nope' });
    expect(workflow.status).toBe(400);
    expect(workflow.json.message).toMatch(/^workflow: /);
    expect((await get('/goals/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const list = await get<{ items: GoalSummary[] }>('/goals?limit=2&state=completed');
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(2);
    expect(list.json.items.every((g) => g.state === 'completed')).toBe(true);
    expect((await get('/goals?limit=0')).status).toBe(400);
    const workflows = await get<{ items: { name: string; steps: { capability: string }[] }[] }>(
      '/workflows',
    );
    expect(workflows.status).toBe(200);
    expect(workflows.json.items.map((w) => w.name)).toEqual([
      'brief',
      'content',
      'devops',
      'publish',
      'research',
      'support',
      'triage',
    ]);
    expect(workflows.json.items.find((w) => w.name === 'research')?.steps[0]?.capability).toBe(
      'gather',
    );
    const doc = await get<OpenApiDoc>('/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual([
      '/goals',
      '/goals/{id}',
      '/goals/{id}/stream',
      '/goals/{id}/steps',
      '/goals/{goalId}/cancel',
      '/goals/{goalId}/tasks/{taskName}/decision',
      '/decisions',
      '/workflows',
      '/workflows/{name}',
      '/dead-letters',
      '/dead-letters/{partition}/{offset}',
      '/dead-letters/replay',
      '/dead-letters/purge',
    ]);
    expect(
      doc.json.paths['/goals']!.post!.requestBody.content['application/json']!.schema.required,
    ).toEqual(['goal']);
  });

  it('serves the dead-letter API under the grants of the planner principal', async () => {
    // The planner is a catalog principal: its client refuses a consumer group or a topic that
    // schemas/topics.yaml does not grant it, so reading the dead-letter topic here proves the grants.
    const list = await get<{ items: unknown[]; total: number }>('/dead-letters?limit=5');
    expect(list.status).toBe(200);
    expect(list.json.items.length).toBe(Math.min(5, list.json.total));
    const purge = await post<{ dryRun: boolean; partitions: unknown[] }>('/dead-letters/purge', {
      all: true,
    });
    expect(purge.status).toBe(200);
    expect(purge.json.dryRun).toBe(true);
    expect(purge.json.partitions.length).toBeGreaterThan(0);
    expect((await get<ApiError>('/dead-letters?since=soon')).json.message).toMatch(/^since: /);
  });

  it('answers 429 with Retry-After once the backlog is full and admission rejects, and accepts again below it', async () => {
    const settings = env as unknown as PlannerSettings;
    // A goal that stays unfinished: the scripted swarm never answers its tasks.
    await submit({
      goal: 'Stay in the backlog',
      workflow: 'triage',
      inputs: { scenario: 'silent' },
    });
    settings.PLANNER_ADMISSION = 'reject';
    settings.PLANNER_MAX_BACKLOG = 1;
    try {
      await new Promise((r) => setTimeout(r, 600));
      const res = await fetch(`${url}/goals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ goal: 'One too many', workflow: 'triage' }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await res.json()) as { message: string; backlog: number };
      expect(body.message).toMatch(/^the swarm is saturated: \d+ goals are queued or running/);
      expect(body.backlog).toBeGreaterThanOrEqual(1);
      settings.PLANNER_MAX_BACKLOG = 10_000;
      await new Promise((r) => setTimeout(r, 600));
      await submit({
        goal: 'Room again',
        workflow: 'triage',
        priority: 3,
        budget: { maxWaitSeconds: 60 },
      });
    } finally {
      settings.PLANNER_ADMISSION = 'queue';
      settings.PLANNER_MAX_BACKLOG = 10_000;
    }
  });

  it('refuses a goal naming no workflow when no model or default workflow could plan it, and fails one from Kafka saying why', async () => {
    const settings = env as unknown as PlannerSettings;
    settings.PLANNER_DEFAULT_WORKFLOW = undefined;
    try {
      const refused = await post('/goals', { goal: 'Plan a team offsite in Lisbon' });
      expect(refused.status).toBe(400);
      expect(refused.json.fields.map((f) => f.field)).toEqual(['workflow']);
      expect(refused.json.message).toMatch(
        /^workflow: the goal names no workflow and no model is configured to plan it: name a workflow \(brief, content, devops, publish, research, support, triage\)/,
      );

      // The same goal produced onto Kafka: it fails as unplannable, never runs as research.
      const event = {
        ...sampleEvent('GoalSubmitted'),
        envelope: newEnvelope({ producer, goalId: randomUUID() }),
        goal: 'Plan a team offsite in Lisbon',
        workflow: null,
        // The sample's deadline is long past: the sweeper could fail the goal as overdue first.
        budget: { deadlineAt: null, maxTasks: null, maxCostUsd: null, maxWaitMs: null },
      };
      await swarm.publisher.publish('GoalSubmitted', event);
      const goalFailed = await waitFor('GoalFailed', () => failed.get(event.envelope.goalId!));
      expect(goalFailed.reason).toMatch(/names no workflow and no model is configured/);
      expect(readyOf(event.envelope.goalId!)).toEqual([]);
    } finally {
      settings.PLANNER_DEFAULT_WORKFLOW = 'research';
    }
  });

  it('refuses a command no live agent of the step allows: 400 naming step and field over REST, GoalFailed unplannable from Kafka', async () => {
    // A live agent that detects, allowing only uptime; its executor reports that in its heartbeat.
    await swarm.publisher.publish('AgentHeartbeat', {
      ...sampleEvent('AgentHeartbeat'),
      envelope: newEnvelope({ producer: { service: 'ops-agent-1', version: '0' } }),
      agentId: 'ops-agent-1',
      capabilities: ['detect'],
      status: 'ONLINE',
      intervalMs: 60_000,
      allowedCommands: ['uptime'],
      allowedHosts: [],
    });
    const plan = (command: string) => ({
      steps: [{ name: 'look', capability: 'detect', params: { command } }],
    });
    const refused = await waitFor('the roster to hold the agent', async () => {
      const answer = await post('/goals', { goal: 'Check the host', plan: plan('ps aux') });
      return answer.status === 400 ? answer : undefined;
    });
    expect(refused.json).toMatchObject({
      message:
        "plan: step 'look': field 'params.command': no live agent with capability 'detect' " +
        "allows command 'ps aux' (they allow: uptime)",
      step: 'look',
      field: 'params.command',
    });
    expect(refused.json.fields.map((f) => f.field)).toEqual(['plan.steps.look.params.command']);
    // The command the agent allows is accepted.
    const allowed = await post<{ goalId: string }>('/goals', {
      goal: 'Check the host',
      plan: plan('uptime'),
    });
    expect(allowed.status).toBe(202);

    // The same plan produced onto Kafka fails as unplannable at planning, before any task.
    const event = {
      ...sampleEvent('GoalSubmitted'),
      envelope: newEnvelope({ producer, goalId: randomUUID() }),
      goal: 'Check the host',
      workflow: null,
      plan: JSON.stringify(plan('ps aux')),
      // The sample's deadline is long past: without this the sweeper could fail it first.
      budget: { deadlineAt: null, maxTasks: null, maxCostUsd: null, maxWaitMs: null },
    };
    await swarm.publisher.publish('GoalSubmitted', event);
    const goalFailed = await waitFor('GoalFailed', () => failed.get(event.envelope.goalId!));
    expect(goalFailed.code).toBe('unplannable');
    expect(goalFailed.reason).toMatch(
      /step 'look': field 'params.command': no live agent with capability 'detect' allows command 'ps aux'/,
    );
    expect(readyOf(event.envelope.goalId!)).toEqual([]);
  });

  it("runs a goal of a workflow from the operator's folder, submitted over REST", async () => {
    const goalId = await submit({ goal: 'Brief me on Kafka', workflow: 'brief' });
    const done = await waitFor('GoalCompleted', () => completed.get(goalId));
    expect(readyOf(goalId).map((r) => r.name)).toEqual(['gather', 'report']);
    expect(done.output).toBe('# Brief me on Kafka\n\nKafka is a log.');
  });

  it('applies a result only from the agent awarded its current attempt: forged and stale ones are refused and counted', async () => {
    const goalId = await submit({
      goal: 'Fenced results',
      workflow: 'brief',
      inputs: { scenario: 'silent' },
    });
    const taskId = `${goalId}/gather`;
    await waitFor('the gather call', () => readyOf(goalId).find((r) => r.name === 'gather'));
    const metric = async (name: string, labels: string) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    };
    const refused = (reason: string) =>
      metric('agora_planner_results_refused_total', `reason="${reason}"`);
    const before = { stale: await refused('stale_attempt'), forged: await refused('not_awarded') };
    const refusedNow = (reason: 'stale' | 'forged', n: number) =>
      waitFor(`${n} ${reason} results refused`, async () =>
        (await refused(reason === 'stale' ? 'stale_attempt' : 'not_awarded')) - before[reason] >= n
          ? true
          : undefined,
      );
    const award = (attempt: number, agentId: string) =>
      swarm.publisher.publish('TaskAwarded', {
        ...sampleEvent('TaskAwarded'),
        envelope: newEnvelope({ producer, goalId }),
        taskId,
        attempt,
        taskName: 'gather',
        capability: 'gather',
        agentId,
        bidders: [agentId],
      });
    const result = (attempt: number, agentId: string) =>
      swarm.publisher.publish('TaskCompleted', {
        envelope: newEnvelope({ producer, goalId }),
        taskId,
        attempt,
        agentId,
        capability: 'gather',
        output: JSON.stringify(outputFor('gather', `from ${agentId}`)),
        usage: { durationMs: 5, inputTokens: 1, outputTokens: 1, costUsd: 0.5, model: null },
      });
    const failure = (attempt: number, agentId: string, retriable: boolean) =>
      swarm.publisher.publish('TaskFailed', {
        envelope: newEnvelope({ producer, goalId }),
        taskId,
        attempt,
        agentId,
        capability: 'gather',
        code: 'error',
        reason: `failed by ${agentId}`,
        retriable,
        usage: null,
      });
    const gather = async () =>
      (await get(`/goals/${goalId}`)).json.tasks.find((t) => t.name === 'gather')!;

    // Sent before any award: held, then refused once the attempt goes to another agent.
    await result(1, 'intruder');
    await new Promise((r) => setTimeout(r, 300));
    expect((await gather()).state).toBe('ready');
    await award(1, 'agent-a');
    await refusedNow('forged', 1);
    // After the award: a result and a fatal failure from agents that were not awarded it.
    await result(1, 'intruder');
    await failure(1, 'intruder', false);
    await refusedNow('forged', 3);
    expect(await gather()).toMatchObject({ state: 'awarded', attempts: 1, output: null });
    expect((await get(`/goals/${goalId}`)).json).toMatchObject({ state: 'running' });

    // The winner fails; its late result for that attempt is stale.
    await failure(1, 'agent-a', true);
    await waitFor('the second attempt', () =>
      readyOf(goalId).find((r) => r.name === 'gather' && r.attempt === 2),
    );
    await result(1, 'agent-a');
    await refusedNow('stale', 1);
    expect(await gather()).toMatchObject({ state: 'ready', attempts: 2, output: null });

    // The winner of the second attempt completes it; its verdict releases the report.
    await award(2, 'agent-b');
    await result(2, 'agent-b');
    await waitFor('the result applied', async () =>
      (await gather()).state === 'completed' ? true : undefined,
    );
    await swarm.publisher.publish('TaskEvaluated', {
      envelope: newEnvelope({ producer, goalId }),
      taskId,
      attempt: 2,
      agentId: 'agent-b',
      capability: 'gather',
      verdict: 'ACCEPTED',
      score: 0.9,
      feedback: 'good',
    });
    await waitFor('the report call', () => readyOf(goalId).find((r) => r.name === 'report'));
    const { json } = await get(`/goals/${goalId}`);
    expect(json.tasks[0]).toMatchObject({
      state: 'accepted',
      attempts: 2,
      excludedAgents: ['agent-a'],
      auction: { agentId: 'agent-b' },
    });
    expect(JSON.parse(json.tasks[0]!.output!)).toMatchObject({ query: 'from agent-b' });
    // Only the winner's result was charged.
    expect(json.usage.costUsd).toBeCloseTo(0.5);
    expect(await refused('not_awarded')).toBe(before.forged + 3);
    expect(await refused('stale_attempt')).toBe(before.stale + 1);
  });
});

describe('approval steps on the real stack', () => {
  /** draft → approve (a person) → publish, as a goal's own plan. */
  const gatedPlan = (params: Record<string, unknown> = {}) => ({
    steps: [
      { name: 'draft', capability: 'write' },
      {
        name: 'approve',
        capability: 'approval',
        dependsOn: ['draft'],
        params: { prompt: 'Publish this draft?', ...params },
      },
      { name: 'publish', capability: 'edit', dependsOn: ['approve'] },
    ],
  });
  const approvalOf = async (goalId: string) =>
    (await get(`/goals/${goalId}`)).json.tasks.find((t) => t.name === 'approve')!;
  const awaitingDecision = (goalId: string) =>
    waitFor('the approval waiting for a person', async () => {
      const task = await approvalOf(goalId);
      return task.state === 'waiting' ? task : undefined;
    });
  const decide = async (
    goalId: string,
    task: string,
    body: unknown,
    user?: string,
  ): Promise<{ status: number; json: ApiError & { goalState?: string } }> => {
    const res = await fetch(`${url}/goals/${goalId}/tasks/${task}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(user ? { 'x-agora-user': user } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as ApiError & { goalState?: string } };
  };

  it('waits for a person across a restart, goes on when approved, and refuses a second decision', async () => {
    const goalId = await submit({ goal: 'Announce the release', plan: gatedPlan() });
    const waiting = await awaitingDecision(goalId);
    expect(waiting).toMatchObject({
      capability: 'approval',
      waitingFor: `awaiting a person's decision: agora approve|reject ${goalId} approve`,
      approval: { prompt: 'Publish this draft?', onTimeout: 'reject', decidedBy: null },
    });
    const due = Date.parse(waiting.approval!.deadlineAt!);
    expect(due - Date.now()).toBeGreaterThan(23 * 3600_000);
    const pending = await get<{ items: { goalId: string; task: string; prompt: string }[] }>(
      '/decisions',
    );
    expect(pending.json.items).toContainEqual(
      expect.objectContaining({ goalId, task: 'approve', prompt: 'Publish this draft?' }),
    );

    // Another planner process on the same database finds the goal waiting as it was left.
    await app.close();
    await startPlanner();
    expect((await approvalOf(goalId)).state).toBe('waiting');
    // Longer than PLANNER_REDRIVE_AFTER_MS: the sweeper never calls an auction for an approval.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(readyOf(goalId).map((r) => r.name)).toEqual(['draft']);

    const approved = await decide(
      goalId,
      'approve',
      { decision: 'approve', comment: 'Ship it' },
      'alice',
    );
    expect(approved).toMatchObject({ status: 200, json: { goalState: 'running' } });
    const done = await waitFor('GoalCompleted', () => completed.get(goalId));
    expect(done.output).toBe('publish');
    expect(readyOf(goalId).map((r) => r.name)).toEqual(['draft', 'publish']);
    const publish = readyOf(goalId).find((r) => r.name === 'publish')!;
    expect(publish.input.upstream.map((u) => u.output)).toEqual([
      { kind: 'review', approved: true, comments: ['Ship it'] },
    ]);
    expect(await approvalOf(goalId)).toMatchObject({
      state: 'accepted',
      approval: { decidedBy: 'alice', deadlineAt: null },
    });

    const again = await decide(goalId, 'approve', { decision: 'reject' }, 'bob');
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/goal .* is already completed/);
    expect(
      (await get<{ items: { goalId: string }[] }>('/decisions')).json.items,
    ).not.toContainEqual(expect.objectContaining({ goalId }));
  });

  it('fails the goal when a person rejects it, naming who and why', async () => {
    const goalId = await submit({ goal: 'Announce too early', plan: gatedPlan() });
    await awaitingDecision(goalId);
    const rejected = await decide(
      goalId,
      'approve',
      { decision: 'reject', comment: 'Not before Monday' },
      'bob',
    );
    expect(rejected).toMatchObject({ status: 200, json: { goalState: 'failed' } });
    const goalFailed = await waitFor('GoalFailed', () => failed.get(goalId));
    expect(goalFailed).toMatchObject({
      code: 'not_approved',
      reason: 'task approve was rejected by bob: Not before Monday',
      taskId: `${goalId}/approve`,
    });
    const again = await decide(goalId, 'approve', { decision: 'approve' }, 'alice');
    expect(again.status).toBe(409);
    expect(readyOf(goalId).map((r) => r.name)).toEqual(['draft']);
    // The approval was never called for, so no agent is told to stop it.
    expect(cancelled.filter((c) => c.startsWith(`${goalId}/`))).toEqual([]);
  });

  it('answers 400 naming the field, 404 for an unknown goal or task, 409 for a task that takes no decision', async () => {
    const goalId = await submit({ goal: 'Announce nothing yet', plan: gatedPlan() });
    await awaitingDecision(goalId);
    const bad = await decide(goalId, 'approve', { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.json.fields.map((f) => f.field)).toEqual(['decision']);
    expect(bad.json.message).toMatch(/^decision: must be 'approve' or 'reject'/);
    expect((await decide(goalId, 'approve', { decision: 'approve', extra: 1 })).status).toBe(400);
    expect((await decide(randomUUID(), 'approve', { decision: 'approve' })).status).toBe(404);
    const noTask = await decide(goalId, 'nope', { decision: 'approve' });
    expect(noTask.status).toBe(404);
    expect(noTask.json.message).toBe(`goal ${goalId} has no task named nope`);
    const notApproval = await decide(goalId, 'draft', { decision: 'approve' });
    expect(notApproval.status).toBe(409);
    expect(notApproval.json.message).toMatch(/not an approval step/);
    const early = await decide(goalId, 'publish', { decision: 'approve' });
    expect(early.status).toBe(409);
    // A plan whose approval params are invalid is refused naming the step and the field.
    const invalid = await post('/goals', {
      goal: 'x',
      plan: gatedPlan({ onTimeout: 'shrug' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.message).toMatch(/step 'approve'.*params\.onTimeout/);
  });

  it('decides an approval nobody answered in time by its onTimeout, from the sweeper', async () => {
    const goalId = await submit({
      goal: 'Announce unless someone objects',
      plan: gatedPlan({ timeoutMs: 1000, onTimeout: 'approve' }),
    });
    const done = await waitFor('GoalCompleted', () => completed.get(goalId));
    expect(done.output).toBe('publish');
    const review = JSON.parse((await approvalOf(goalId)).output!) as { comments: string[] };
    expect(review.comments).toEqual([
      "no decision within 1 s: approved as the step's onTimeout says",
    ]);

    const rejectedBySilence = await submit({
      goal: 'Announce only if someone agrees',
      plan: gatedPlan({ timeoutMs: 1000 }),
    });
    const goalFailed = await waitFor('GoalFailed', () => failed.get(rejectedBySilence));
    expect(goalFailed.code).toBe('not_approved');
    expect(goalFailed.reason).toMatch(/^task approve timed out waiting for a person's decision/);
  });
});

describe('cancelling goals on the real stack', () => {
  const cancel = async (
    goalId: string,
    body?: unknown,
    user?: string,
  ): Promise<{ status: number; json: ApiError & { goalState?: string; reason?: string } }> => {
    const res = await fetch(`${url}/goals/${goalId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(user ? { 'x-agora-user': user } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as ApiError & { goalState?: string } };
  };
  const awardedTask = (goalId: string, name: string) =>
    waitFor(`${name} awarded`, async () => {
      const task = (await get(`/goals/${goalId}`)).json.tasks.find((t) => t.name === name);
      return task?.state === 'awarded' || task?.state === 'running' ? task : undefined;
    });

  it('fails a goal as cancelled, naming who and why, tells its agent to stop, and refuses a second cancellation', async () => {
    const goalId = await submit({
      goal: 'Research something nobody needs',
      workflow: 'research',
      inputs: { scenario: 'hold' },
    });
    await awardedTask(goalId, 'gather');
    const done = await cancel(goalId, { reason: '  asked by mistake ' }, 'maria');
    expect(done).toMatchObject({
      status: 200,
      json: { goalId, goalState: 'failed', reason: 'cancelled by maria: asked by mistake' },
    });
    const goalFailed = await waitFor('GoalFailed', () => failed.get(goalId));
    expect(goalFailed).toMatchObject({
      code: 'cancelled',
      reason: 'cancelled by maria: asked by mistake',
      taskId: null,
    });
    // The agent working on gather is told to stop; the steps after it never start.
    await waitFor('TaskFailed cancelled', () =>
      cancelled.includes(`${goalId}/gather#1:agent-1:cancelled`) ? true : undefined,
    );
    const view = (await get(`/goals/${goalId}`)).json;
    expect(view.tasks.map((t) => t.state)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(view.failure).toMatchObject({ code: 'cancelled' });
    expect(readyOf(goalId).map((r) => r.name)).toEqual(['gather']);

    const again = await cancel(goalId, undefined, 'maria');
    expect(again.status).toBe(409);
    expect(again.json.message).toBe(`goal ${goalId} has already ended: it is failed`);
  });

  it('answers 400 naming the field and 404 for an unknown goal; a cancellation needs no body or name', async () => {
    const goalId = await submit({
      goal: 'Wait for nobody',
      workflow: 'research',
      inputs: { scenario: 'silent' },
    });
    const bad = await cancel(goalId, { reason: 7 });
    expect(bad.status).toBe(400);
    expect(bad.json.fields.map((f) => f.field)).toEqual(['reason']);
    expect((await cancel(goalId, { why: 'x' })).status).toBe(400);
    expect((await cancel(randomUUID())).status).toBe(404);
    const done = await cancel(goalId);
    expect(done.json).toMatchObject({
      goalState: 'failed',
      reason: 'cancelled by an unnamed person',
    });
    expect((await waitFor('GoalFailed', () => failed.get(goalId))).code).toBe('cancelled');
  });

  it('cancels a goal on GoalCancelRequested from Kafka, and ignores one for a goal it does not know', async () => {
    const goalId = await submit({
      goal: 'Research an order placed twice',
      workflow: 'research',
      inputs: { scenario: 'hold' },
    });
    await awardedTask(goalId, 'gather');
    const request = (id: string, requestedBy: string | null, reason: string | null) =>
      swarm.publisher.publish('GoalCancelRequested', {
        envelope: newEnvelope({ producer: { service: 'client', version: '0' }, goalId: id }),
        requestedBy,
        reason,
      });
    await request(randomUUID(), 'ops-bot', 'not ours');
    await request(goalId, 'ops-bot', 'duplicate order');
    const goalFailed = await waitFor('GoalFailed', () => failed.get(goalId));
    expect(goalFailed).toMatchObject({
      code: 'cancelled',
      reason: 'cancelled by ops-bot: duplicate order',
    });
    await waitFor('TaskFailed cancelled', () =>
      cancelled.includes(`${goalId}/gather#1:agent-1:cancelled`) ? true : undefined,
    );
    // A second request for the ended goal changes nothing.
    await request(goalId, 'ops-bot', 'again');
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(`/goals/${goalId}`)).json.failure).toMatchObject({
      reason: 'cancelled by ops-bot: duplicate order',
    });
  });

  it('cancels a sub-goal once the goal that asked for it has ended, and leaves one whose parent it does not know', async () => {
    const parent = await submit({
      goal: 'Write with help',
      workflow: 'research',
      inputs: { scenario: 'hold' },
    });
    const child = await submit({
      goal: 'Help with the writing',
      workflow: 'research',
      inputs: {
        scenario: 'hold',
        parentGoalId: parent,
        parentTaskId: `${parent}/gather`,
        delegationDepth: '1',
      },
    });
    const stranger = await submit({
      goal: 'Help someone unknown',
      workflow: 'research',
      inputs: { scenario: 'hold', parentGoalId: randomUUID(), delegationDepth: '1' },
    });
    await awardedTask(child, 'gather');
    await awardedTask(stranger, 'gather');
    expect((await cancel(parent, { reason: 'done by hand' }, 'maria')).status).toBe(200);
    // The sweeper (every 200 ms here) finds the child whose parent has ended.
    const childFailed = await waitFor('the sub-goal cancelled', () => failed.get(child));
    expect(childFailed).toMatchObject({
      code: 'cancelled',
      reason: `cancelled by the planner: the goal that asked for it, ${parent}, has failed`,
    });
    await waitFor('TaskFailed cancelled for the sub-goal', () =>
      cancelled.includes(`${child}/gather#1:agent-1:cancelled`) ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(failed.has(stranger)).toBe(false);
    expect((await get(`/goals/${stranger}`)).json.state).toBe('running');
    expect((await cancel(stranger)).status).toBe(200);
  });
});

describe('Idempotency-Key on the real stack', () => {
  const submitWithKey = async (key: string, body: unknown) => {
    const res = await fetch(`${url}/goals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      replayed: res.headers.get('idempotent-replayed'),
      json: (await res.json()) as ApiError & { goalId: string },
    };
  };

  it('starts one goal however often, and however concurrently, the same key and goal are sent', async () => {
    const key = `order-${randomUUID()}`;
    const goal = {
      goal: `Research the order ${key}`,
      workflow: 'research',
      inputs: { scenario: 'silent' },
    };
    const first = await submitWithKey(key, goal);
    expect(first).toMatchObject({ status: 202, replayed: null });
    const again = await submitWithKey(key, goal);
    expect(again).toMatchObject({
      status: 202,
      replayed: 'true',
      json: { goalId: first.json.goalId },
    });

    const racing = `order-${randomUUID()}`;
    const raced = await Promise.all(
      Array.from({ length: 5 }, () =>
        submitWithKey(racing, { ...goal, goal: `Research ${racing}` }),
      ),
    );
    expect(new Set(raced.map((r) => r.json.goalId)).size).toBe(1);
    expect(raced.every((r) => r.status === 202)).toBe(true);
    expect(raced.filter((r) => r.replayed === null)).toHaveLength(1);

    await waitFor('both goals planned', () =>
      readyOf(first.json.goalId).length > 0 && readyOf(raced[0]!.json.goalId).length > 0
        ? true
        : undefined,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(submittedGoals.filter((g) => g === goal.goal)).toHaveLength(1);
    expect(submittedGoals.filter((g) => g === `Research ${racing}`)).toHaveLength(1);
    expect(readyOf(first.json.goalId).map((r) => r.name)).toEqual(['gather']);
  });

  it('answers 422 for a key reused for another goal and 400 for a malformed key, naming the header', async () => {
    const key = `order-${randomUUID()}`;
    const first = await submitWithKey(key, { goal: 'First goal', workflow: 'research' });
    expect(first.status).toBe(202);
    const reused = await submitWithKey(key, { goal: 'Another goal', workflow: 'research' });
    expect(reused.status).toBe(422);
    expect(reused.json.fields.map((f) => f.field)).toEqual(['idempotency-key']);
    expect(reused.json.message).toMatch(
      new RegExp(
        `^idempotency-key: Idempotency-Key '${key}' was already used for a different goal \\(${first.json.goalId}\\)`,
      ),
    );
    const bad = await submitWithKey('two words', { goal: 'x', workflow: 'research' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('idempotency-key: must be printable ASCII without spaces');
  });
});
