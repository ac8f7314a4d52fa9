import { loadConfig } from '@agora/config';
import type { EventMap, EventType, TaskAwarded, TaskInput } from '@agora/contracts';
import { newEnvelope } from '@agora/contracts';
import { testDataSource } from '@agora/database/testing';
import {
  ordersMcpStdio,
  startOrdersMcpHttp,
  type OrdersMcpHttp,
} from '@agora/executor/feature/testing';
import {
  chatAnswer,
  chatToolCalls,
  fakeOpenAiServer,
  type FakeOpenAi,
  type FakeReply,
} from '@agora/llm/testing';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from './app.module';
import { executorEnvSchema } from './config';

const producer = { service: 'auction', version: '0.0.0-test' };

/** A model turn calling one tool. */
const call = (id: string, name: string, args: Record<string, unknown> = {}) =>
  chatToolCalls([{ id, name, arguments: args }], { model: 'llama3.1' });

/**
 * A model turn answering with the last tool result it was given: what the MCP server returned
 * (or the error the executor reported instead) ends up in the task's output only by going
 * through the whole loop.
 */
const answerWithToolResult =
  (model: () => FakeOpenAi): FakeReply =>
  (res) => {
    const request = model().requests.at(-1)!;
    const result = request.messages.findLast((m) => m.role === 'tool')?.content;
    chatAnswer(`Order desk: ${result ?? '(no tool result)'}`, { model: 'llama3.1' })(res);
  };

describe('agents calling tools of MCP servers, in the executor app on the real stack', () => {
  const prefix = uniquePrefix('mcp-agents');
  const suffix = prefix.slice(-9, -1);
  const clerk = `clerk-${suffix}`;
  const desk = `desk-${suffix}`;
  const idle = `idle-${suffix}`;
  const seen: { [T in EventType]?: EventMap[T][] } = {};
  const logs: { msg: string; mcpServer?: string; level: number }[] = [];
  let probe: MessagingClient;
  let app: INestApplicationContext | undefined;
  let clerkModel: FakeOpenAi;
  let deskModel: FakeOpenAi;
  let idleModel: FakeOpenAi;
  let http: OrdersMcpHttp;
  const httpServers: OrdersMcpHttp[] = [];
  let dropSchema: () => Promise<void>;

  const events = <T extends EventType>(type: T): EventMap[T][] => seen[type] ?? [];
  const find = <T extends EventType>(what: string, type: T, match: (e: EventMap[T]) => boolean) =>
    waitFor(what, () => events(type).find(match), { timeoutMs: 30_000 });

  beforeAll(async () => {
    // The clerk's model looks an order up, has the server crash, then looks another one up.
    clerkModel = await fakeOpenAiServer([
      call('c1', 'orders__lookup_order', { orderId: 'A-1001' }),
      answerWithToolResult(() => clerkModel),
      call('c2', 'orders__crash'),
      answerWithToolResult(() => clerkModel),
      call('c3', 'orders__lookup_order', { orderId: 'A-1002' }),
      answerWithToolResult(() => clerkModel),
    ]);
    // The desk's model looks an order up three times over HTTP: up, down, up again.
    const lookup = (id: string) => call(id, 'orders-http__lookup_order', { orderId: 'A-1001' });
    deskModel = await fakeOpenAiServer([
      lookup('d1'),
      answerWithToolResult(() => deskModel),
      lookup('d2'),
      answerWithToolResult(() => deskModel),
      lookup('d3'),
      answerWithToolResult(() => deskModel),
    ]);
    // The idle agent's only server cannot be started at all.
    idleModel = await fakeOpenAiServer([
      call('i1', 'broken__lookup_order', { orderId: 'A-1001' }),
      answerWithToolResult(() => idleModel),
    ]);
    http = await startOrdersMcpHttp({ token: 'mcp-test-token' });
    httpServers.push(http);
    process.env['MCP_AGENTS_TEST_TOKEN'] = 'mcp-test-token';

    const model = (api: FakeOpenAi) => ({
      provider: 'openai',
      baseUrl: api.baseUrl,
      model: 'llama3.1',
    });
    const agent = (id: string, api: FakeOpenAi, tools: string[]) => ({
      id,
      capabilities: ['write'],
      capacity: 1,
      role: 'You answer questions about orders.',
      model: model(api),
      tools,
      limits: { maxIterations: 4 },
    });
    const file = {
      mcpServers: {
        orders: ordersMcpStdio(),
        'orders-http': {
          url: http.url,
          headers: { Authorization: 'Bearer ${MCP_AGENTS_TEST_TOKEN}' },
        },
        broken: { command: '/nonexistent/agora-mcp-server' },
      },
      agents: [
        agent('clerk', clerkModel, ['mcp:orders/*']),
        agent('desk', deskModel, ['mcp:orders-http/lookup_order']),
        agent('idle', idleModel, ['mcp:broken/lookup_order']),
      ],
    };

    probe = testMessagingClient(prefix, { service: 'probe' });
    await probe.connect();
    const consumer = probe.consumer(`${prefix}probe`);
    for (const type of ['BidSubmitted', 'TaskCompleted', 'TaskFailed', 'AgentHeartbeat'] as const) {
      consumer.on(type, (event: EventMap[typeof type]) => {
        ((seen[type] ??= []) as EventMap[typeof type][]).push(event);
      });
    }
    await consumer.start();

    const db = await testDataSource({ label: 'mcp-agents' });
    dropSchema = db.drop;
    const env = stackEnv();
    const config = loadConfig('executor', executorEnvSchema, {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
      DATABASE_URL: env.DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      KAFKA_TOPIC_PREFIX: prefix,
      AGENTS: JSON.stringify(file),
      AGENT_ID_SUFFIX: suffix,
      HEARTBEAT_INTERVAL_MS: '500',
      LEASE_RENEW_MS: '200',
      DRAIN_TIMEOUT_MS: '1000',
    });
    const logger = createLogger('executor', 'info', {
      write: (line: string) => void logs.push(JSON.parse(line)),
    });
    app = await NestFactory.createApplicationContext(
      AppModule.register({ service: 'executor', version: '0.0.0-test', env: config, logger }),
      { logger: false },
    );
    await app.init();
    for (const id of [clerk, desk, idle]) {
      await find(
        `${id} ONLINE`,
        'AgentHeartbeat',
        (h) => h.agentId === id && h.status === 'ONLINE',
      );
    }
    // Let the executor's new groups fix their offsets before the first call (see executor.spec).
    await new Promise((r) => setTimeout(r, 1_500));
  });

  afterAll(async () => {
    await app?.close();
    await probe?.close();
    await Promise.all([clerkModel, deskModel, idleModel].map((m) => m?.close()));
    await Promise.all(httpServers.map((s) => s.kill()));
    await dropSchema?.();
  });

  /** Calls `agentId` alone, awards it the task, and returns the task's output text. */
  const runTask = async (taskId: string, agentId: string): Promise<string> => {
    await probe.publisher.publish('CallForProposals', {
      envelope: newEnvelope({ producer, goalId: 'goal-1' }),
      taskId,
      attempt: 1,
      round: 1,
      capability: 'write',
      taskName: 'write',
      inputSummary: null,
      bidDeadline: Date.now() + 10_000,
      excludedAgents: [],
      invitedAgents: [agentId],
    });
    await find(
      `${agentId}'s bid on ${taskId}`,
      'BidSubmitted',
      (b) => b.taskId === taskId && b.agentId === agentId && b.decision === 'BID',
    );
    const award: TaskAwarded = {
      envelope: newEnvelope({ producer, goalId: 'goal-1' }),
      taskId,
      attempt: 1,
      round: 1,
      incarnation: '',
      taskName: 'write',
      capability: 'write',
      agentId,
      leaseExpiresAt: Date.now() + 30_000,
      score: 1,
      bidders: [agentId],
      scores: [],
      input: JSON.stringify({
        goal: 'Where is order A-1001?',
        inputs: {},
        params: {},
        upstream: [],
        outputKind: 'text',
      } satisfies TaskInput),
      feedback: null,
    };
    await probe.publisher.publish('TaskAwarded', award);
    const done = await find(`${taskId} completed`, 'TaskCompleted', (c) => c.taskId === taskId);
    expect(events('TaskFailed').filter((f) => f.taskId === taskId)).toEqual([]);
    const output = JSON.parse(done.output) as { kind: string; text: string };
    expect(output.kind).toBe('text');
    return output.text;
  };

  /** The order the text quotes, as the MCP server answered it. */
  const orderIn = (text: string) =>
    JSON.parse(text.replace(/^Order desk: /, '')) as { orderId: string; servedBy: number };

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  let stdioPid = 0;

  it('started although one MCP server cannot be, with a warning naming it', () => {
    expect(logs).toContainEqual(
      expect.objectContaining({
        mcpServer: 'broken',
        msg: expect.stringContaining('MCP server broken is not reachable at start-up'),
      }),
    );
  });

  it("answers with the data of a stdio MCP server's tool, offered under its server's name", async () => {
    const text = await runTask('t-stdio', clerk);
    const order = orderIn(text);
    expect(order).toMatchObject({
      orderId: 'A-1001',
      status: 'shipped',
      carrier: 'DHL',
      eta: '2025-03-14',
    });
    stdioPid = order.servedBy;

    const [first, second] = clerkModel.requests;
    const tools = first!['tools'] as {
      function: { name: string; description: string; parameters: Record<string, unknown> };
    }[];
    expect(tools.map((t) => t.function.name)).toEqual([
      'orders__lookup_order',
      'orders__sleep',
      'orders__crash',
    ]);
    expect(tools[0]!.function).toMatchObject({
      description: expect.stringContaining('Looks up an order'),
      parameters: { type: 'object', required: ['orderId'] },
    });
    expect(second!.messages.findLast((m) => m.role === 'tool')).toMatchObject({
      tool_call_id: 'c1',
    });
  });

  it('reads a server crashing mid-call as a tool error and answers anyway; the next task starts the server again', async () => {
    const text = await runTask('t-crash', clerk);
    expect(text).toMatch(/^Order desk: \{"error":"MCP server 'orders' failed: .*Connection closed/);
    expect(alive(stdioPid)).toBe(false);

    const again = orderIn(await runTask('t-respawned', clerk));
    expect(again).toMatchObject({ orderId: 'A-1002', status: 'packing' });
    expect(again.servedBy).not.toBe(stdioPid);
    stdioPid = again.servedBy;
  });

  it('calls a Streamable HTTP server with its headers; down, the model reads why; back, a new session serves', async () => {
    const up = orderIn(await runTask('t-http', desk));
    expect(up).toMatchObject({ orderId: 'A-1001', status: 'shipped', servedBy: http.process.pid });
    expect(
      (deskModel.requests[0]!['tools'] as { function: { name: string } }[]).map(
        (t) => t.function.name,
      ),
    ).toEqual(['orders-http__lookup_order']);

    await http.kill();
    const down = await runTask('t-http-down', desk);
    expect(down).toMatch(/^Order desk: \{"error":"MCP server 'orders-http' failed: fetch failed/);

    const back = await startOrdersMcpHttp({ port: http.port, token: 'mcp-test-token' });
    httpServers.push(back);
    const again = orderIn(await runTask('t-http-back', desk));
    expect(again).toMatchObject({ orderId: 'A-1001', servedBy: back.process.pid });
  });

  it('offers a named tool of a server that cannot start; calling it is an error the model reads', async () => {
    const text = await runTask('t-broken', idle);
    expect(text).toMatch(/^Order desk: \{"error":"MCP server 'broken' is unavailable: .*ENOENT/);
    expect(
      (idleModel.requests[0]!['tools'] as { function: { name: string } }[]).map(
        (t) => t.function.name,
      ),
    ).toEqual(['broken__lookup_order']);
  });

  it('stops the stdio server process when the executor shuts down', async () => {
    expect(alive(stdioPid)).toBe(true);
    await app!.close();
    app = undefined;
    expect(alive(stdioPid)).toBe(false);
  });
});
