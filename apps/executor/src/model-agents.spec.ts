import { loadConfig } from '@agora/config';
import type {
  EventMap,
  EventType,
  MemorySearchRequested,
  TaskAwarded,
  TaskInput,
} from '@agora/contracts';
import { newEnvelope } from '@agora/contracts';
import { testDataSource } from '@agora/database/testing';
import { defineSkill } from '@agora/executor/domain';
import {
  chatAnswer,
  chatToolCalls,
  fakeAnthropicServer,
  fakeOpenAiServer,
  messagesAnswer,
  type FakeAnthropic,
  type FakeOpenAi,
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
import { skills } from './skills';

/** A skill whose output is structured, done by the model when the agent has one. */
skills.register(
  defineSkill({
    name: 'brief',
    description: 'Writes a short cited report.',
    capabilities: ['brief'],
    output: 'report',
    prompt: 'You write short reports that cite memory.',
    run: () => ({ kind: 'report', title: 'offline', markdown: 'offline', citations: [] }),
  }),
);

const producer = { service: 'auction', version: '0.0.0-test' };
const post = 'Kafka keeps records in order within a partition [kafka-1].';

describe('model-driven agents in the executor app, against scripted model servers', () => {
  const prefix = uniquePrefix('model-agents');
  const suffix = prefix.slice(-9, -1);
  const writer = `writer-${suffix}`;
  const analyst = `analyst-${suffix}`;
  const seen: { [T in EventType]?: EventMap[T][] } = {};
  const searches: MemorySearchRequested[] = [];
  let probe: MessagingClient;
  let app: INestApplicationContext | undefined;
  let openai: FakeOpenAi;
  let anthropic: FakeAnthropic;
  let dropSchema: () => Promise<void>;

  const events = <T extends EventType>(type: T): EventMap[T][] => seen[type] ?? [];
  const find = <T extends EventType>(what: string, type: T, match: (e: EventMap[T]) => boolean) =>
    waitFor(what, () => events(type).find(match), { timeoutMs: 30_000 });

  beforeAll(async () => {
    // The writer searches memory, then answers with its post.
    openai = await fakeOpenAiServer([
      chatToolCalls(
        [{ id: 'call_1', name: 'memory_search', arguments: { query: 'kafka order' } }],
        {
          model: 'llama3.1',
          promptTokens: 400,
          completionTokens: 20,
        },
      ),
      chatAnswer(post, { model: 'llama3.1', promptTokens: 600, completionTokens: 40 }),
    ]);
    // The analyst first forgets the report's markdown, then corrects it.
    anthropic = await fakeAnthropicServer([
      messagesAnswer([{ type: 'text', text: '{"kind":"report","title":"Kafka","citations":[]}' }]),
      messagesAnswer([
        {
          type: 'text',
          text: JSON.stringify({
            kind: 'report',
            title: 'Kafka',
            markdown: 'Kafka is a log.',
            citations: [],
          }),
        },
      ]),
    ]);
    process.env['MODEL_AGENTS_TEST_KEY'] = 'test-key';
    const agents = [
      {
        id: 'writer',
        capabilities: ['write'],
        capacity: 1,
        role: 'You write short technical posts for engineers.',
        model: {
          provider: 'openai',
          baseUrl: openai.baseUrl,
          model: 'llama3.1',
          priceInputPer1k: 0.01,
          priceOutputPer1k: 0.02,
        },
        tools: ['memory_search'],
        limits: { maxIterations: 4 },
      },
      {
        id: 'analyst',
        capabilities: ['brief'],
        capacity: 1,
        model: {
          provider: 'anthropic',
          baseUrl: anthropic.baseUrl,
          model: 'claude-test',
          apiKeyEnv: 'MODEL_AGENTS_TEST_KEY',
        },
      },
    ];

    probe = testMessagingClient(prefix, { service: 'probe' });
    await probe.connect();
    const consumer = probe.consumer(`${prefix}probe`);
    for (const type of ['BidSubmitted', 'TaskCompleted', 'TaskFailed', 'AgentHeartbeat'] as const) {
      consumer.on(type, (event: EventMap[typeof type]) => {
        ((seen[type] ??= []) as EventMap[typeof type][]).push(event);
      });
    }
    // Memory's part of the conversation: one knowledge hit for any search.
    consumer.on('MemorySearchRequested', async (request) => {
      searches.push(request);
      await probe.publisher.publish('MemorySearchCompleted', {
        envelope: newEnvelope({
          producer: { service: 'memory', version: '0' },
          causation: request,
        }),
        requestId: request.requestId,
        requester: request.requester,
        hits: [
          {
            itemId: 'kafka-1',
            kind: 'knowledge',
            title: 'Kafka basics',
            source: null,
            content: 'Kafka is a distributed log. Kafka keeps records in order within a partition.',
            score: 0.9,
            visibility: 'public',
          },
        ],
        error: null,
      });
    });
    await consumer.start();

    const db = await testDataSource({ label: 'model-agents' });
    dropSchema = db.drop;
    const env = stackEnv();
    const config = loadConfig('executor', executorEnvSchema, {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
      DATABASE_URL: env.DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      KAFKA_TOPIC_PREFIX: prefix,
      AGENTS: JSON.stringify(agents),
      AGENT_ID_SUFFIX: suffix,
      HEARTBEAT_INTERVAL_MS: '500',
      LEASE_RENEW_MS: '200',
      DRAIN_TIMEOUT_MS: '1000',
      MEMORY_SEARCH_TIMEOUT_MS: '30000',
    });
    app = await NestFactory.createApplicationContext(
      AppModule.register({
        service: 'executor',
        version: '0.0.0-test',
        env: config,
        logger: createLogger('executor', 'silent'),
      }),
      { logger: false },
    );
    await app.init();
    for (const id of [writer, analyst]) {
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
    await openai?.close();
    await anthropic?.close();
    await dropSchema?.();
  });

  const award = (
    taskId: string,
    agentId: string,
    capability: string,
    outputKind: string,
  ): TaskAwarded => ({
    envelope: newEnvelope({ producer, goalId: 'goal-1' }),
    taskId,
    attempt: 1,
    round: 1,
    incarnation: '',
    taskName: capability,
    capability,
    agentId,
    leaseExpiresAt: Date.now() + 30_000,
    score: 1,
    bidders: [agentId],
    scores: [],
    input: JSON.stringify({
      goal: 'A post on ordering in Kafka',
      inputs: {},
      params: {},
      upstream: [],
      outputKind,
    } satisfies TaskInput),
    feedback: null,
  });

  /** Calls `agentId` alone for the task and returns its bid: an award answers a bid. */
  const bidFor = async (taskId: string, agentId: string, capability: string) => {
    await probe.publisher.publish('CallForProposals', {
      envelope: newEnvelope({ producer, goalId: 'goal-1' }),
      taskId,
      attempt: 1,
      round: 1,
      capability,
      taskName: capability,
      inputSummary: null,
      bidDeadline: Date.now() + 10_000,
      excludedAgents: [],
      invitedAgents: [agentId],
    });
    return find(
      `${agentId}'s bid on ${taskId}`,
      'BidSubmitted',
      (b) => b.taskId === taskId && b.agentId === agentId && b.decision === 'BID',
    );
  };

  it('writes with its own model: a memory search as a tool, then the post, with usage', async () => {
    const bid = await bidFor('t-write', writer, 'write');
    // 4k input tokens at $0.01 and 1k output tokens at $0.02 per 1k.
    expect(bid.cost).toBe(0.06);
    await probe.publisher.publish('TaskAwarded', award('t-write', writer, 'write', 'text'));
    const done = await find('the post', 'TaskCompleted', (c) => c.taskId === 't-write');

    expect(JSON.parse(done.output)).toEqual({ kind: 'text', text: post });
    expect(done.usage).toMatchObject({
      inputTokens: 1_000,
      outputTokens: 60,
      // No base price; 1000 input tokens at $0.01 and 60 output tokens at $0.02 per 1k.
      costUsd: 0.0112,
      model: 'openai/llama3.1',
    });
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({ query: 'kafka order', requester: writer });

    const [first, second] = openai.requests;
    expect(first!.model).toBe('llama3.1');
    expect(first!.messages[0]).toEqual({
      role: 'system',
      content: expect.stringMatching(
        /^You write short technical posts for engineers\.\n\nYou write clear/,
      ),
    });
    expect(
      (first!['tools'] as { function: { name: string } }[]).map((t) => t.function.name),
    ).toEqual(['memory_search']);
    // The search's result went back to the model, citable by item id and quote.
    const toolResult = second!.messages.find((m) => m.role === 'tool')!;
    expect(toolResult).toMatchObject({ tool_call_id: 'call_1' });
    expect(JSON.parse(toolResult.content)).toEqual([
      expect.objectContaining({
        itemId: 'kafka-1',
        title: 'Kafka basics',
        quote: expect.stringContaining('in order within a partition'),
      }),
    ]);
  });

  it('repairs an invalid report once, through an Anthropic-compatible model', async () => {
    await bidFor('t-brief', analyst, 'brief');
    await probe.publisher.publish('TaskAwarded', award('t-brief', analyst, 'brief', 'report'));
    const done = await find('the report', 'TaskCompleted', (c) => c.taskId === 't-brief');

    expect(JSON.parse(done.output)).toEqual({
      kind: 'report',
      title: 'Kafka',
      markdown: 'Kafka is a log.',
      citations: [],
    });
    expect(done.usage).toMatchObject({
      inputTokens: 200,
      outputTokens: 40,
      model: 'anthropic/claude-test',
    });
    expect(anthropic.requests).toHaveLength(2);
    const repair = anthropic.requests[1]!.messages.at(-1)!;
    expect(repair.role).toBe('user');
    expect(JSON.stringify(repair.content)).toContain("'markdown' must be a string");
    expect(events('TaskFailed').filter((f) => f.taskId === 't-brief')).toEqual([]);
  });
});
