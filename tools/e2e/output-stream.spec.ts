import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readServerSentEvents } from '@agora/llm';
import { chatAnswer, fakeOpenAiServer, type FakeOpenAi } from '@agora/llm/testing';
import { stackEnv } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora } from './agora-cli';
import { SwarmHarness } from './swarm-harness';

/** One event of GET /goals/:id/stream, and when the test read it. */
interface Received {
  event: string;
  data: Record<string, unknown>;
  at: number;
}

/** Reads a goal's stream until its `end` event (or the server closes it). */
async function readStream(url: string): Promise<Received[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const received: Received[] = [];
  const body = res.body as unknown as AsyncIterable<Uint8Array>;
  for await (const sse of readServerSentEvents(body)) {
    received.push({
      event: sse.event ?? 'message',
      data: JSON.parse(sse.data) as Record<string, unknown>,
      at: Date.now(),
    });
    if (sse.event === 'end') break;
  }
  return received;
}

const answer =
  'Kafka keeps the records of each partition in the order they were written, and a consumer ' +
  'group reads each partition with exactly one of its members at a time.';

/**
 * Streaming: the text a model-driven agent's model produces reaches the goal's watchers while
 * it is produced, through TaskOutputDelta, the planner's GET /goals/:id/stream and agora
 * submit --follow, on the real stack with the services as processes and a scripted model
 * that streams its answer slowly (6 characters every 60 ms, about 1.5 s).
 */
describe("streaming a model-driven agent's text to the goal's watchers", () => {
  const swarm = new SwarmHarness('output-stream');
  const agentId = `streamer${swarm.run}`;
  let model: FakeOpenAi;

  beforeAll(async () => {
    model = await fakeOpenAiServer(
      chatAnswer(answer, { model: 'scripted', chunkChars: 6, chunkDelayMs: 60 }),
    );
    await swarm.observe(['AgentHeartbeat', 'TaskCompleted', 'GoalCompleted', 'GoalFailed']);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor', {
      AGENT_ID_SUFFIX: '',
      AGENTS: JSON.stringify([
        {
          id: agentId,
          capabilities: ['respond'],
          capacity: 2,
          role: 'You answer questions about Kafka in two sentences.',
          model: { provider: 'openai', baseUrl: model.baseUrl, model: 'scripted' },
          tools: ['memory_search'],
          limits: { maxIterations: 4 },
        },
      ]),
    });
    await swarm.waitHealthy();
    await swarm.waitOnline(agentId);
  }, 180_000);

  afterAll(async () => {
    await swarm.close();
    await model?.close();
  }, 60_000);

  const plan = { steps: [{ name: 'answer', capability: 'respond' }] };

  it(
    'GET /goals/:id/stream sends the tokens before the task completes, then the task, then the end',
    { timeout: 120_000 },
    async () => {
      const goalId = await swarm.submit({ goal: 'How does Kafka keep records in order?', plan });
      const received = await readStream(swarm.url('planner', `/goals/${goalId}/stream`));
      const taskId = `${goalId}/answer`;

      expect(received[0]?.event).toBe('goal');
      const tokens = received.filter((r) => r.event === 'token');
      expect(tokens.map((t) => t.data['text']).join('')).toBe(answer);
      expect(tokens.every((t) => t.data['taskId'] === taskId && t.data['attempt'] === 1)).toBe(
        true,
      );
      expect(tokens.map((t) => t.data['seq'])).toEqual(tokens.map((_, i) => i + 1));
      // Batched: fewer events than the model's 25 chunks, more than one.
      expect(tokens.length).toBeGreaterThan(2);
      expect(tokens.length).toBeLessThan(Math.ceil(answer.length / 6));

      // The first tokens arrived while the model was still answering: before the executor
      // even published the task's result.
      const completed = swarm.events('TaskCompleted').find((c) => c.taskId === taskId);
      expect(completed).toBeDefined();
      expect(tokens[0]!.at).toBeLessThan(completed!.envelope.occurredAt);
      expect(completed!.envelope.occurredAt - tokens[0]!.at).toBeGreaterThan(500);

      // In the stream, every token comes before the task's TaskCompleted; the goal's end last.
      const index = (match: (r: Received) => boolean) => received.findIndex(match);
      const completedAt = index((r) => r.event === 'task' && r.data['type'] === 'TaskCompleted');
      expect(completedAt).toBeGreaterThan(received.lastIndexOf(tokens[tokens.length - 1]!));
      const types = received.filter((r) => r.event === 'task').map((r) => r.data['type']);
      expect(types).toEqual(
        expect.arrayContaining(['TaskAwarded', 'TaskCompleted', 'TaskEvaluated']),
      );
      expect(received.at(-1)).toMatchObject({ event: 'end', data: { goalId, state: 'completed' } });
      expect(received.at(-2)).toMatchObject({
        event: 'goal',
        data: { goalId, state: 'completed' },
      });

      // The planner names the model that did the work (TaskCompleted.usage.model).
      expect(completed!.usage.model).toBe('openai/scripted');
      const view = (await (await fetch(swarm.url('planner', `/goals/${goalId}`))).json()) as {
        mode: string | null;
        tasks: { doneBy: unknown }[];
      };
      expect(view.mode).toBe('model');
      expect(view.tasks[0]?.doneBy).toEqual({ mode: 'model', model: 'openai/scripted' });

      // A goal that is over: its state and the end, at once.
      const again = await readStream(swarm.url('planner', `/goals/${goalId}/stream`));
      expect(again.map((r) => r.event)).toEqual(['goal', 'end']);
      const unknown = await fetch(swarm.url('planner', '/goals/no-such-goal/stream'));
      expect(unknown.status).toBe(404);
    },
  );

  it(
    'agora submit --follow prints the tokens as they come, under the task',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'agora-stream-'));
      const planFile = join(dir, 'plan.json');
      writeFileSync(planFile, JSON.stringify(plan));
      const env = stackEnv();
      const lines: { text: string; at: number }[] = [];
      const result = await agora(
        [
          'submit',
          'How does Kafka keep records in order?',
          '--plan',
          planFile,
          '--follow',
          '--timeout',
          '90',
        ],
        {
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
          KAFKA_TOPIC_PREFIX: swarm.prefix,
          PLANNER_URL: swarm.url('planner', ''),
          AUCTION_URL: swarm.url('auction', ''),
        },
        (chunk) => lines.push({ text: chunk, at: Date.now() }),
      );
      expect(result.code, result.stderr + result.stdout).toBe(0);
      const out = result.stdout;
      expect(out).toMatch(
        new RegExp(`answer: ${agentId} writes:\\n {9}│ ${answer.replace(/[.]/g, '\\.')}\\n`),
      );
      // The text is written before the task's completion line, and in several pieces.
      expect(out.indexOf(`${agentId} writes:`)).toBeLessThan(out.indexOf('answer: completed by'));
      // The completion line and the goal's end name the model that did the work.
      expect(out).toContain(`answer: completed by ${agentId} (openai/scripted) in `);
      expect(out).toContain('         mode: model (openai/scripted)\n');
      const pieces = lines.filter(
        (l) => answer.includes(l.text.trim()) && l.text.trim().length > 0,
      );
      expect(pieces.length).toBeGreaterThan(1);
    },
  );
});
