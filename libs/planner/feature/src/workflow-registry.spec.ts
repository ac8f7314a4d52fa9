import { loadConfig, serviceEnvSchema } from '@agora/config';
import { newEnvelope, type GoalSubmitted } from '@agora/contracts';
import { testDataSource } from '@agora/database/testing';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { plannerEntities, plannerMigrations } from '@agora/planner/data-access';
import { WorkflowCatalog } from '@agora/planner/domain';
import { ServiceRuntimeModule } from '@agora/runtime';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoalView } from './api/goal-view';
import type { WorkflowDetail, WorkflowView } from './api/workflows.controller';
import { PlannerModule } from './planner.module';

/*
 * Two planner replicas on the real stack (one database, one Kafka prefix), as a deployment runs
 * them: a workflow registered through one is listed by, and plans goals on, the other; a third
 * started later reads the registered workflows before it serves.
 */

interface Replica {
  app: INestApplication;
  url: string;
}

interface ErrorBody {
  message: string;
  step?: string | null;
  field?: string | null;
  fields?: { field: string; message: string }[];
}

let prefix: string;
let env: ReturnType<typeof loadConfig<typeof serviceEnvSchema>> & Record<string, unknown>;
let dropSchema: () => Promise<void>;
const replicas: Replica[] = [];
/** A producer team's client (GoalSubmitted), and one with the planner's grants (WorkflowChanged). */
let team: MessagingClient;
let forger: MessagingClient;

async function startReplica(overrides: Record<string, unknown> = {}): Promise<Replica> {
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        context: {
          service: 'planner',
          version: '0.0.0-test',
          env: { ...env, ...overrides },
          logger: createLogger(
            'planner',
            (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent',
          ),
        },
        database: { entities: plannerEntities, migrations: plannerMigrations },
      }),
      // Each replica has its own catalog, as each process does.
      PlannerModule.register({ catalog: WorkflowCatalog.fromDirectory() }),
    ],
  })
  class ReplicaApp {}
  const app = await NestFactory.create(ReplicaApp, { logger: false });
  await app.listen(0, '127.0.0.1');
  const replica = { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  replicas.push(replica);
  return replica;
}

async function call<T = ErrorBody>(
  replica: Replica,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${replica.url}${path}`, {
    method,
    headers: { 'content-type': contentType, 'x-agora-user': 'user:test' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

const names = async (replica: Replica): Promise<string[]> =>
  (await call<{ items: WorkflowView[] }>(replica, 'GET', '/workflows')).json.items.map(
    (w) => w.name,
  );

/** Waits until the goal is planned (or failed), on whichever replica planned it. */
async function planned(replica: Replica, goalId: string): Promise<GoalView> {
  return waitFor(`goal ${goalId} planned`, async () => {
    const { status, json } = await call<GoalView>(replica, 'GET', `/goals/${goalId}`);
    return status !== 200 || json.state === 'accepted' ? undefined : json;
  });
}

const relNotes = (name: string, steps: string[] = ['draft', 'check']) => ({
  name,
  description: 'Draft release notes, then review them.',
  steps: steps.map((step, i) => ({
    name: step,
    capability: i === 0 ? 'write' : 'review',
    ...(i > 0 ? { dependsOn: [steps[i - 1]] } : {}),
  })),
});

beforeAll(async () => {
  prefix = uniquePrefix('planner-workflows');
  const stack = stackEnv();
  const db = await testDataSource({
    entities: plannerEntities,
    migrations: plannerMigrations,
    label: 'planner-workflows',
  });
  dropSchema = db.drop;
  env = {
    ...loadConfig('planner', serviceEnvSchema, {
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
      DATABASE_URL: stack.DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    }),
    PLANNER_SWEEP_INTERVAL_MS: 500,
    PLANNER_SWEEP_BATCH: 50,
    PLANNER_REPLAN_AFTER_MS: 30_000,
    PLANNER_REDRIVE_AFTER_MS: 60_000,
    PLANNER_ADMISSION: 'queue',
    PLANNER_MAX_BACKLOG: 10_000,
  };
  await startReplica();
  await startReplica();
  team = testMessagingClient(prefix, { service: 'client' });
  forger = testMessagingClient(prefix, { service: 'planner' });
  await Promise.all([team.connect(), forger.connect()]);
});

afterAll(async () => {
  for (const { app } of replicas) await app.close();
  await team?.close();
  await forger?.close();
  await dropSchema?.();
});

describe('workflows registered over REST, shared by every planner replica', () => {
  it('registers through one replica; the other lists it and plans a goal with it', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const created = await call<WorkflowDetail>(a, 'POST', '/workflows', relNotes('release-notes'));
    expect(created.status).toBe(201);
    expect(created.json.origin).toBe('registered');
    // The stored definition: validated, defaults filled in.
    expect(created.json.steps.map((s) => [s.name, s.maxAttempts, s.dependsOn])).toEqual([
      ['draft', 3, []],
      ['check', 3, ['draft']],
    ]);
    // The replica that took it knows it at once.
    expect(await names(a)).toContain('release-notes');
    await waitFor('the other replica to list it', async () =>
      (await names(b)).includes('release-notes') ? true : undefined,
    );
    const listed = await call<{ items: WorkflowView[] }>(b, 'GET', '/workflows');
    expect(listed.json.items.find((w) => w.name === 'release-notes')?.origin).toBe('registered');
    expect(listed.json.items.find((w) => w.name === 'research')?.origin).toBe('default');

    const goal = await call<{ goalId: string }>(b, 'POST', '/goals', {
      goal: 'Release notes for 2.0',
      workflow: 'release-notes',
    });
    expect(goal.status).toBe(202);
    const view = await planned(b, goal.json.goalId);
    expect(view.workflow).toBe('release-notes');
    expect(view.planSource).toBe('workflow');
    expect(view.tasks.map((t) => [t.name, t.capability])).toEqual([
      ['draft', 'write'],
      ['check', 'review'],
    ]);
  });

  it('takes YAML too, and replaces a registered workflow of the same name (200)', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const yaml = [
      'name: triage-plus',
      'description: Classify, then answer.',
      'steps:',
      '  - name: classify',
      '    capability: classify',
      '  - name: respond',
      '    capability: respond',
      '    dependsOn: [classify]',
      '    maxAttempts: 2',
      '',
    ].join('\n');
    const created = await call<WorkflowDetail>(a, 'POST', '/workflows', yaml, 'application/yaml');
    expect(created.status).toBe(201);
    expect(created.json.steps.at(-1)?.maxAttempts).toBe(2);
    const replaced = await call<WorkflowDetail>(
      b,
      'POST',
      '/workflows',
      yaml.replace('maxAttempts: 2', 'maxAttempts: 5'),
      'text/yaml; charset=utf-8',
    );
    expect(replaced.status).toBe(200);
    await waitFor('the replacement on the first replica', async () => {
      const { json } = await call<WorkflowDetail>(a, 'GET', '/workflows/triage-plus');
      return json.steps.at(-1)?.maxAttempts === 5 ? true : undefined;
    });
  });

  it('answers 400 naming the step and the field of a bad workflow, and 409 for a default name', async () => {
    const [a] = replicas as [Replica];
    const badDep = relNotes('bad-notes');
    badDep.steps[1] = { ...badDep.steps[1]!, dependsOn: ['drfat'] };
    const refused = await call(a, 'POST', '/workflows', badDep);
    expect(refused.status).toBe(400);
    expect(refused.json.step).toBe('check');
    expect(refused.json.field).toBe('dependsOn');
    expect(refused.json.message).toBe("step 'check': field 'dependsOn': unknown step 'drfat'");
    expect(refused.json.fields).toEqual([
      { field: 'steps.check.dependsOn', message: "unknown step 'drfat'" },
    ]);
    const extra = await call(a, 'POST', '/workflows', {
      ...relNotes('bad-notes'),
      steps: [{ name: 'draft', capability: 'write', retries: 2 }],
    });
    expect(extra.status).toBe(400);
    expect([extra.json.step, extra.json.field]).toEqual(['draft', null]);
    expect(extra.json.message).toMatch(/retries/);
    const yaml = await call(a, 'POST', '/workflows', 'name: [oops', 'application/yaml');
    expect(yaml.status).toBe(400);
    expect(yaml.json.message).toMatch(/^not valid YAML at line 1/);
    const shipped = await call(a, 'POST', '/workflows', relNotes('research'));
    expect(shipped.status).toBe(409);
    expect(shipped.json.message).toMatch(/default workflows/);
    expect(await names(a)).not.toContain('bad-notes');
  });

  it('removes a registered workflow from every replica; defaults cannot be removed', async () => {
    const [a, b] = replicas as [Replica, Replica];
    expect((await call(a, 'POST', '/workflows', relNotes('short-lived'))).status).toBe(201);
    await waitFor('the other replica to list it', async () =>
      (await names(b)).includes('short-lived') ? true : undefined,
    );
    const removed = await call(b, 'DELETE', '/workflows/short-lived');
    expect(removed.status).toBe(204);
    await waitFor('the first replica to drop it', async () =>
      (await names(a)).includes('short-lived') ? undefined : true,
    );
    const goal = await call(a, 'POST', '/goals', { goal: 'x', workflow: 'short-lived' });
    expect(goal.status).toBe(400);
    expect(goal.json.message).toMatch(/^workflow: unknown workflow 'short-lived'/);
    expect((await call(b, 'DELETE', '/workflows/short-lived')).status).toBe(404);
    expect((await call(b, 'DELETE', '/workflows/research')).status).toBe(409);
    expect((await call(b, 'GET', '/workflows/short-lived')).status).toBe(404);
  });

  it('dead-letters a record it cannot use, leaving its name without a registered workflow', async () => {
    const [a, b] = replicas as [Replica, Replica];
    expect((await call(a, 'POST', '/workflows', relNotes('forged'))).status).toBe(201);
    await waitFor('the other replica to list it', async () =>
      (await names(b)).includes('forged') ? true : undefined,
    );
    // Written past the API (another version, or by hand): a step with an unknown dependency.
    const bad = relNotes('forged');
    bad.steps[1] = { ...bad.steps[1]!, dependsOn: ['nowhere'] };
    await forger.publisher.publish('WorkflowChanged', {
      envelope: newEnvelope({ producer: { service: 'planner', version: '0.0.0-test' } }),
      name: 'forged',
      definition: JSON.stringify(bad),
      changedBy: null,
    });
    for (const replica of [a, b]) {
      await waitFor('the bad record to remove the workflow', async () =>
        (await names(replica)).includes('forged') ? undefined : true,
      );
    }
    const letters = await waitFor('its dead letters', async () => {
      const { json } = await call<{
        items: { errorMessage: string; classification: string; consumerGroup: string }[];
      }>(a, 'GET', '/dead-letters?topic=WorkflowChanged&limit=10');
      return json.items.length >= 2 ? json.items : undefined;
    });
    expect(letters.every((l) => l.classification === 'fatal')).toBe(true);
    expect(letters[0]?.errorMessage).toMatch(
      /^WorkflowChanged 'forged': workflow 'forged': step 'check': field 'dependsOn': unknown step 'nowhere'/,
    );
    // Each replica reads in a group of its own.
    expect(new Set(letters.map((l) => l.consumerGroup)).size).toBe(2);
  });

  it('starts a replica with the registered workflows already read, its default workflow one of them', async () => {
    const [a] = replicas as [Replica];
    expect((await call(a, 'POST', '/workflows', relNotes('house-style'))).status).toBe(201);
    const late = await startReplica({ PLANNER_DEFAULT_WORKFLOW: 'house-style' });
    // Listed from the first request: the topic was read before the replica served.
    expect(await names(late)).toEqual(expect.arrayContaining(['release-notes', 'house-style']));
    expect(await names(late)).not.toContain('short-lived');
    // Its PLANNER_DEFAULT_WORKFLOW is a registered workflow: checked once those were read.
    const goal = await call<{ goalId: string }>(late, 'POST', '/goals', {
      goal: 'House style',
      workflow: 'house-style',
    });
    expect(goal.status).toBe(202);
    // Any replica may plan it: all of them have read the workflow by now.
    const view = await planned(late, goal.json.goalId);
    expect(view.state).not.toBe('failed');
    expect(view.tasks.map((t) => t.name)).toEqual(['draft', 'check']);
    // It is this replica's fallback: removing it there is refused.
    expect((await call(late, 'DELETE', '/workflows/house-style')).status).toBe(409);
  });
});

describe('goals that carry their own plan', () => {
  const plan = {
    description: 'Outline, then write.',
    steps: [
      { name: 'outline', capability: 'plan' },
      { name: 'write', capability: 'write', dependsOn: ['outline'], maxAttempts: 2 },
    ],
  };

  it('plans a goal with the plan it carries, over REST and from Kafka', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const posted = await call<{ goalId: string }>(a, 'POST', '/goals', { goal: 'An essay', plan });
    expect(posted.status).toBe(202);
    const overRest = await planned(a, posted.json.goalId);
    expect([overRest.state, overRest.planSource, overRest.workflow]).toEqual([
      'running',
      'inline',
      null,
    ]);
    expect(overRest.tasks.map((t) => [t.name, t.maxAttempts])).toEqual([
      ['outline', 3],
      ['write', 2],
    ]);

    const event: GoalSubmitted = {
      envelope: newEnvelope({
        producer: { service: 'client', version: '0' },
        goalId: randomUUID(),
      }),
      goal: 'An essay from Kafka',
      workflow: null,
      inputs: {},
      budget: { deadlineAt: null, maxTasks: null, maxCostUsd: null, maxWaitMs: null },
      submittedBy: 'team:test',
      priority: 0,
      plan: JSON.stringify(plan),
    };
    await team.publisher.publish('GoalSubmitted', event);
    const fromKafka = await planned(b, event.envelope.goalId!);
    expect(fromKafka.planSource).toBe('inline');
    expect(fromKafka.tasks.map((t) => t.name)).toEqual(['outline', 'write']);
  });

  it('answers 400 naming the step and the field of a bad plan; one from Kafka fails the goal saying so', async () => {
    const [a] = replicas as [Replica];
    const bad = { steps: [plan.steps[0], { ...plan.steps[1], dependsOn: ['outlien'] }] };
    const refused = await call(a, 'POST', '/goals', { goal: 'x', plan: bad });
    expect(refused.status).toBe(400);
    expect([refused.json.step, refused.json.field]).toEqual(['write', 'dependsOn']);
    expect(refused.json.message).toBe(
      "plan: step 'write': field 'dependsOn': unknown step 'outlien'",
    );
    expect(refused.json.fields?.[0]?.field).toBe('plan.steps.write.dependsOn');
    const both = await call(a, 'POST', '/goals', { goal: 'x', plan, workflow: 'research' });
    expect(both.status).toBe(400);
    expect(both.json.message).toBe('plan: give a workflow or a plan, not both');
    const named = await call(a, 'POST', '/goals', { goal: 'x', plan: { ...plan, name: 'mine' } });
    expect(named.status).toBe(400);

    const goalId = randomUUID();
    await team.publisher.publish('GoalSubmitted', {
      envelope: newEnvelope({ producer: { service: 'client', version: '0' }, goalId }),
      goal: 'A bad plan from Kafka',
      workflow: null,
      inputs: {},
      budget: { deadlineAt: null, maxTasks: null, maxCostUsd: null, maxWaitMs: null },
      submittedBy: null,
      priority: 0,
      plan: JSON.stringify(bad),
    });
    const failed = await planned(a, goalId);
    expect(failed.state).toBe('failed');
    expect(failed.failure?.code).toBe('unplannable');
    expect(failed.reason).toMatch(
      /the goal's plan is not valid: step 'write': field 'dependsOn': unknown step 'outlien'/,
    );
  });
});
