import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { GoalSubmitted } from '@agora/contracts';
import { testMessagingClient } from '@agora/messaging/testing';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { agora } from './agora-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The planner's GET /workflows as the planner serves it (planner.feature.spec.ts tests the real
 * one); the CLI asks it before it puts a goal on Kafka. No planner process is needed for that.
 */
let planner: Server;
/** A finished goal as the planner's GET /goals/:id answers it (goal-view.ts). */
const goalDetail = {
  goalId: '6f1c2d3e-0000-4000-8000-000000000001',
  goal: 'Explain consumer groups',
  workflow: 'research',
  planSource: 'workflow',
  state: 'completed',
  output: '# Consumer groups\n\n## Key findings\n\n1. Each partition has one member. [1]\n',
  failure: null,
  waiting: [],
  usage: {
    tasks: 2,
    attempts: 2,
    durationMs: 2_000,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0.02,
  },
  traceId: null,
  mode: 'offline',
  createdAt: '2026-11-28T10:00:00.000Z',
  finishedAt: '2026-11-28T10:00:02.000Z',
  tasks: [
    {
      name: 'gather',
      capability: 'gather',
      state: 'accepted',
      attempts: 1,
      maxAttempts: 3,
      auction: { agentId: 'researcher-1-a', score: 0.7 },
      evaluation: { verdict: 'ACCEPTED', score: 1, feedback: null },
      doneBy: { mode: 'offline' },
    },
    {
      name: 'report',
      capability: 'report',
      state: 'accepted',
      attempts: 1,
      maxAttempts: 3,
      auction: { agentId: 'writer-1-b', score: 0.6 },
      evaluation: { verdict: 'ACCEPTED', score: 0.85, feedback: null },
      doneBy: { mode: 'offline' },
    },
  ],
};
let plannerUrl = '';
const workflowRequests: {
  method: string;
  url: string;
  contentType: string;
  user: string | undefined;
  body: string;
}[] = [];
beforeAll(async () => {
  planner = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/workflows') {
      res.end(
        JSON.stringify({
          items: [
            {
              name: 'research',
              description: 'Research a question.',
              steps: [
                { name: 'gather', capability: 'gather', dependsOn: [] },
                { name: 'report', capability: 'report', dependsOn: ['gather'] },
              ],
            },
            { name: 'triage', description: 'Sort a ticket.', steps: [] },
          ],
        }),
      );
    } else if (req.method === 'GET' && req.url?.startsWith('/goals')) {
      // GET /goals (filtered by state, as the planner does) and GET /goals/:id.
      const url = new URL(req.url, 'http://planner');
      if (url.pathname === '/goals') {
        const state = url.searchParams.get('state');
        const items = [goalDetail].filter((g) => !state || g.state === state);
        res.end(JSON.stringify({ items, total: items.length }));
      } else if (url.pathname === `/goals/${goalDetail.goalId}`) {
        res.end(JSON.stringify(goalDetail));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: `no goal '${url.pathname.slice(7)}'` }));
      }
    } else if (req.url === '/workflows' || req.url?.startsWith('/workflows/')) {
      // Registration and removal: answered as the planner does (workflow-registry.spec.ts tests it).
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        workflowRequests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          contentType: req.headers['content-type'] ?? '',
          user: req.headers['x-agora-user'] as string | undefined,
          body,
        });
        if (req.method === 'DELETE') {
          res.statusCode = 204;
          res.end();
        } else if (body.includes('darft')) {
          res.statusCode = 400;
          res.end(
            JSON.stringify({ message: "step 'review': field 'dependsOn': unknown step 'darft'" }),
          );
        } else {
          res.statusCode = 201;
          res.end(
            JSON.stringify({
              name: 'release-notes',
              description: 'Notes.',
              origin: 'registered',
              steps: [{ name: 'draft', capability: 'write', dependsOn: [] }],
            }),
          );
        }
      });
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => planner.listen(0, '127.0.0.1', r));
  plannerUrl = `http://127.0.0.1:${(planner.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => planner.close(() => r())));

/** A URL nothing listens on (a port just freed): connections to it are refused at once. */
async function nobody(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('agora goals and agora goal', () => {
  const { goalId } = goalDetail;

  it('lists goals by the id agora goal takes, and says when none is in the state asked for', async () => {
    const env = { PLANNER_URL: plannerUrl };
    const listed = await agora(['goals'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(`${goalId}  completed  research  Explain consumer groups\n`);
    const failed = await agora(['goals', '--state', 'failed'], env);
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stdout).toBe('no failed goals\n');
  });

  it('shows a goal as a summary, a task table and its output as text; --json as the planner sent it', async () => {
    const env = { PLANNER_URL: plannerUrl };
    const shown = await agora(['goal', goalId], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(
      `goal ${goalId}\n"Explain consumer groups"\n\nstate     completed\n`,
    );
    expect(shown.stdout).toContain(
      'mode      offline (deterministic skills; configure a model for real agents: see README "Real agents")\n',
    );
    expect(shown.stdout).toContain(
      [
        'task    capability  state     attempt  agent           score  done by',
        'gather  gather      accepted  1/3      researcher-1-a  1.00   offline',
        'report  report      accepted  1/3      writer-1-b      0.85   offline',
      ].join('\n'),
    );
    expect(shown.stdout).toContain(
      'Consumer groups\n\nKey findings\n\n  1. Each partition has one member. [1]',
    );
    expect(shown.stdout).not.toMatch(/\\n|"output"|#/);

    const raw = await agora(['goal', goalId, '--json'], env);
    expect(raw.code, raw.stderr).toBe(0);
    expect(JSON.parse(raw.stdout)).toEqual(goalDetail);
  });

  it('names the planner that does not answer, why, and how to start it', async () => {
    const url = await nobody();
    const result = await agora(['goals'], { PLANNER_URL: url });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `agora: cannot reach the planner at ${url}/goals?limit=20 (ECONNREFUSED).\n` +
        'Start the services with `npm start -- --no-goal` (they run until Ctrl-C), or set PLANNER_URL.\n',
    );
  });
});

describe('agora workflows', () => {
  it("lists the planner's workflows with their steps", async () => {
    const result = await agora(['workflows'], { PLANNER_URL: plannerUrl });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'research  Research a question.\n  gather [gather]\n  report [report] ← gather\n\ntriage  Sort a ticket.\n',
    );
  });
});

describe('agora workflows add and remove', () => {
  it('sends the file as YAML with who sends it, prints what the planner stored, and its refusals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-workflows-'));
    const yaml = 'name: release-notes\nsteps:\n  - name: draft\n    capability: write\n';
    writeFileSync(join(dir, 'release-notes.yaml'), yaml);
    writeFileSync(join(dir, 'typo.yaml'), `${yaml}    dependsOn: [darft]\n`);
    const env = { PLANNER_URL: plannerUrl, USER: 'ana' };
    const added = await agora(['workflows', 'add', join(dir, 'release-notes.yaml')], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe(
      'registered workflow release-notes; goals may name it now\nrelease-notes (registered)  Notes.\n  draft [write]\n',
    );
    expect(workflowRequests.at(-1)).toEqual({
      method: 'POST',
      url: '/workflows',
      contentType: 'application/yaml',
      user: 'ana',
      body: yaml,
    });
    const refused = await agora(['workflows', 'add', join(dir, 'typo.yaml')], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `agora: planner answered 400: "step 'review': field 'dependsOn': unknown step 'darft'"\n`,
    );
    const removed = await agora(['workflows', 'remove', 'release-notes'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe('removed workflow release-notes\n');
    expect(workflowRequests.at(-1)).toMatchObject({
      method: 'DELETE',
      url: '/workflows/release-notes',
      user: 'ana',
    });
  });
});

describe('agora submit', () => {
  it('produces a registry-encoded GoalSubmitted onto Kafka', async () => {
    const prefix = uniquePrefix('cli');
    const client = testMessagingClient(prefix);
    await client.connect();
    const received: GoalSubmitted[] = [];
    const traceparents = new Map<string, string | undefined>();
    await client
      .consumer()
      .on('GoalSubmitted', (e, ctx) => {
        received.push(e);
        traceparents.set(e.envelope.goalId ?? '', ctx.headers['traceparent']);
      })
      .start();
    const env = stackEnv();
    const cliEnv = {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
      KAFKA_TOPIC_PREFIX: prefix,
      PLANNER_URL: plannerUrl,
    };
    try {
      const result = await agora(
        [
          'submit',
          'Explain consumer groups',
          '--workflow',
          'research',
          '--input',
          'audience=ops',
          '--max-tasks',
          '9',
        ],
        cliEnv,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const goalId = result.stdout.trim();
      const goal = await waitFor('the goal on Kafka', () =>
        received.find((g) => g.envelope.goalId === goalId),
      );
      expect(goal).toMatchObject({
        goal: 'Explain consumer groups',
        workflow: 'research',
        inputs: { audience: 'ops' },
      });
      expect(goal.budget.maxTasks).toBe(9);
      expect(goal.envelope.producer.service).toBe('cli');
      // The goal opens a trace of its own, which the planner records and every event joins.
      expect(traceparents.get(goalId)).toMatch(/^00-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-01$/);

      // A workflow the planner does not know is refused before anything is published.
      const unknown = await agora(['submit', 'Sell more', '--workflow', 'marketing'], cliEnv);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toBe(
        `agora: unknown workflow 'marketing': the planner at ${plannerUrl} knows research, triage\n`,
      );
      const after = await agora(['submit', 'Sort the tickets', '--workflow', 'triage'], cliEnv);
      expect(after.code).toBe(0);
      const afterId = after.stdout.trim();
      await waitFor('the next goal on Kafka', () =>
        received.find((g) => g.envelope.goalId === afterId),
      );
      expect(received.map((g) => g.goal)).not.toContain('Sell more');

      // A goal with its own plan: the file's steps travel as GoalSubmitted.plan.
      const planFile = join(mkdtempSync(join(tmpdir(), 'cli-plan-')), 'plan.yaml');
      writeFileSync(
        planFile,
        'steps:\n  - name: outline\n    capability: plan\n  - name: post\n    capability: write\n    dependsOn: [outline]\n',
      );
      const planned = await agora(['submit', 'Write a post', '--plan', planFile], cliEnv);
      expect(planned.stderr).toBe('');
      expect(planned.code).toBe(0);
      const withPlan = await waitFor('the goal with its plan on Kafka', () =>
        received.find((g) => g.envelope.goalId === planned.stdout.trim()),
      );
      expect(withPlan.workflow).toBeNull();
      expect(JSON.parse(withPlan.plan ?? 'null')).toEqual({
        steps: [
          { name: 'outline', capability: 'plan' },
          { name: 'post', capability: 'write', dependsOn: ['outline'] },
        ],
      });
    } finally {
      await client.close();
    }
  });

  it('will not follow a goal no planner would plan, naming the planner and how to start it', async () => {
    const url = await nobody();
    const result = await agora(['submit', 'x', '--follow'], { PLANNER_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `agora: the planner at ${url} is not answering (ECONNREFUSED), so no goal would be planned: ` +
        'it would wait on Kafka until a planner runs.\n' +
        'Start the services with `npm start -- --no-goal` (they run until Ctrl-C), or set PLANNER_URL.\n',
    );
  });

  it('names the topic and the prefix when no service uses the prefix', async () => {
    const env = stackEnv();
    const prefix = uniquePrefix('cli-nobody');
    const result = await agora(['submit', 'x'], {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
      KAFKA_TOPIC_PREFIX: prefix,
      PLANNER_URL: plannerUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `agora: Kafka has no topic ${prefix}agora.goals.submitted: no service has created its topics ` +
        `with topic prefix '${prefix}' (KAFKA_TOPIC_PREFIX). Use the prefix the services run with, ` +
        'or start the services first: they create their topics.\n',
    );
  });
});
