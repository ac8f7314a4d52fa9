import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatAnswer, chatToolCalls, type FakeChatRequest } from '@agora/llm/testing';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora } from './agora-cli';
import { SwarmHarness } from './swarm-harness';

/** A local HTTP server answering each request from its parsed JSON body. */
async function jsonServer(
  handle: (path: string, body: unknown, res: ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => handle(req.url ?? '', raw ? (JSON.parse(raw) as unknown) : null, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

const toolResults = (request: FakeChatRequest) =>
  request.messages.filter((m) => m.role === 'tool').length;

/** The steps GET /goals/:id/steps answers with (the fields this test reads). */
interface Step {
  task: string | null;
  attempt: number;
  seq: number;
  agentId: string;
  kind: string;
  name: string | null;
  arguments: unknown;
  result: string | null;
  replayedFrom: number | null;
}

/**
 * Durable steps: a model-driven agent's every model turn and tool result is journaled on Kafka
 * before it goes on, and the next attempt of a task, in another executor process, replays that
 * journal instead of calling the model and the tools again.
 */
describe('durable steps of model-driven agents', () => {
  const swarm = new SwarmHarness('durable-steps');
  const noterA = `noter-a${swarm.run}`;
  const noterB = `noter-b${swarm.run}`;
  const writer = `writer-b${swarm.run}`;
  /** Documents memory_write stored, by title, in order: the side effect that must not repeat. */
  const stored: string[] = [];
  /** Chat requests of the noting model and of the writing model. */
  const noting: FakeChatRequest[] = [];
  const writing: FakeChatRequest[] = [];
  let releaseHeld: () => void = () => undefined;
  const held = new Promise<void>((r) => (releaseHeld = r));
  let servers: { close(): Promise<void> }[] = [];
  let executorEnv: (key: 'executor-a' | 'executor-b') => Record<string, string>;

  beforeAll(async () => {
    // Memory's document API as the executors' MEMORY_URL: it counts what memory_write stores.
    const memoryApi = await jsonServer((path, body, res) => {
      if (path !== '/memory/documents') return void res.writeHead(404).end();
      const { documents } = body as { documents: { title: string }[] };
      stored.push(...documents.map((d) => d.title));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"stored":1}');
    });
    // The noting model, deciding from the conversation alone: five memory_write calls, one a
    // turn, then the answer. The first time it is asked for its third turn (two results in),
    // it holds the request unanswered, so the test knows the process is mid-task.
    let holding = false;
    const notingModel = await jsonServer((_path, body, res) => {
      const request = body as FakeChatRequest;
      noting.push(request);
      const n = toolResults(request);
      if (n === 2 && !holding) {
        holding = true;
        releaseHeld();
        return;
      }
      if (n < 5) {
        chatToolCalls(
          [
            {
              id: `call_${n + 1}`,
              name: 'memory_write',
              arguments: {
                title: `note ${n + 1}`,
                content: `Note ${n + 1} of 5 on consumer groups.`,
              },
            },
          ],
          { model: 'scripted' },
        )(res);
        return;
      }
      chatAnswer('Stored five notes about Kafka consumer groups in memory, each exactly once.', {
        model: 'scripted',
      })(res);
    });
    // The writing model: one memory search, then the post.
    const writingModel = await jsonServer((_path, body, res) => {
      const request = body as FakeChatRequest;
      writing.push(request);
      if (toolResults(request) === 0) {
        chatToolCalls(
          [
            {
              id: 'search_1',
              name: 'memory_search',
              arguments: { query: 'kafka consumer groups' },
            },
          ],
          {
            model: 'scripted',
          },
        )(res);
        return;
      }
      chatAnswer(
        'Kafka consumer groups share the reading of a topic: Kafka assigns each partition to exactly one member of the group, so every record is processed by one member of each consumer group.',
        { model: 'scripted' },
      )(res);
    });
    servers = [memoryApi, notingModel, writingModel];

    const role = 'You keep short notes in memory.';
    const noter = (id: string) => ({
      id,
      capabilities: ['respond'],
      capacity: 1,
      role,
      model: { provider: 'openai', baseUrl: `${notingModel.url}/v1`, model: 'scripted' },
      tools: ['memory_write'],
      limits: { maxIterations: 8 },
    });
    const agents = {
      'executor-a': [noter(noterA)],
      'executor-b': [
        noter(noterB),
        {
          id: writer,
          capabilities: ['write'],
          capacity: 1,
          role: 'You write short posts for engineers.',
          model: { provider: 'openai', baseUrl: `${writingModel.url}/v1`, model: 'scripted' },
          tools: ['memory_search'],
          limits: { maxIterations: 4 },
        },
        { id: `editor-b${swarm.run}`, capabilities: ['plan', 'edit', 'review'], capacity: 2 },
      ],
    };
    executorEnv = (key) => ({
      AGENTS: JSON.stringify(agents[key]),
      AGENT_ID_SUFFIX: '',
      MEMORY_URL: memoryApi.url,
    });

    await swarm.observe([
      'AgentHeartbeat',
      'TaskAwarded',
      'TaskFailed',
      'TaskStepJournaled',
      'GoalCompleted',
      'GoalFailed',
    ]);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner');
    // Short leases: the attempt of a killed process is over three seconds after its last renewal.
    await swarm.start('auction', 'auction', { LEASE_MS: '3000' });
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor-a', executorEnv('executor-a'));
    await swarm.start('executor', 'executor-b', executorEnv('executor-b'));
    await swarm.waitHealthy();
    await swarm.ingestCorpus();
    for (const id of [noterA, noterB, writer]) await online(id);
  }, 180_000);

  afterAll(async () => {
    await swarm.close();
    await Promise.all(servers.map((s) => s.close()));
  }, 60_000);

  const online = (agentId: string) => swarm.waitOnline(agentId);

  const completed = (goalId: string) =>
    waitFor(
      `goal ${goalId} to complete`,
      () => {
        const failed = swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId);
        if (failed) throw new Error(`goal failed: ${failed.reason}`);
        return swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId);
      },
      { timeoutMs: 90_000 },
    );

  const stepsOf = async (goalId: string): Promise<Step[]> => {
    const res = await fetch(swarm.url('planner', `/goals/${goalId}/steps`));
    expect(res.status).toBe(200);
    return ((await res.json()) as { steps: Step[] }).steps;
  };

  it(
    'kills the executor after two of five side-effecting calls; another one resumes and makes each call once',
    { timeout: 180_000 },
    async () => {
      const goalId = await swarm.submit({
        goal: 'Store five notes about Kafka consumer groups in memory',
        plan: { steps: [{ name: 'notes', capability: 'respond' }] },
      });
      const taskId = `${goalId}/notes`;

      await held;
      const first = swarm
        .events('TaskAwarded')
        .find((a) => a.taskId === taskId && a.attempt === 1)!;
      const dying = first.agentId === noterA ? 'executor-a' : 'executor-b';
      expect(stored).toEqual(['note 1', 'note 2']);
      // Two calls made and journaled, the model asked for its third turn: the process dies.
      await swarm.stop(dying, 'SIGKILL');

      const expired = await waitFor('the lease of attempt 1 to expire', () =>
        swarm.events('TaskFailed').find((f) => f.taskId === taskId && f.code === 'lease_expired'),
      );
      expect(expired.attempt).toBe(1);
      const retry = await waitFor('attempt 2 to be awarded', () =>
        swarm.events('TaskAwarded').find((a) => a.taskId === taskId && a.attempt === 2),
      );
      expect(retry.agentId).toBe(first.agentId === noterA ? noterB : noterA);
      // The swarm whole again for the next test (the killed agent is excluded from this task).
      await swarm.start('executor', dying, executorEnv(dying));

      await completed(goalId);
      // Each of the five documents stored exactly once, across the two processes.
      expect(stored).toEqual(['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
      // The model was asked for turns 1 to 3 by attempt 1 (the third never answered), then only
      // for turns 3 to 6 by attempt 2: the two turns in the journal were not asked again.
      expect(noting.map(toolResults)).toEqual([0, 1, 2, 2, 3, 4, 5]);
      expect(noting[3]!.messages).toEqual(noting[2]!.messages);

      // The journal on Kafka: attempt 1's six steps; attempt 2 replays them, then its own ten.
      const journal = swarm.events('TaskStepJournaled').filter((s) => s.taskId === taskId);
      const kinds = (attempt: number) =>
        journal
          .filter((s) => s.attempt === attempt)
          .sort((a, b) => a.seq - b.seq)
          .map((s) => `${s.kind}${s.replayedFrom === null ? '' : ' (replayed)'}`);
      const turn = ['model_call', 'tool_call', 'tool_result'];
      const replayed = turn.map((k) => `${k} (replayed)`);
      expect(kinds(1)).toEqual([...turn, ...turn]);
      expect(kinds(2)).toEqual([...replayed, ...replayed, ...turn, ...turn, ...turn, 'model_call']);
      expect(journal.filter((s) => s.attempt === 2).every((s) => s.agentId === retry.agentId)).toBe(
        true,
      );

      // The planner shows the same journal.
      const steps = await waitFor('the planner to hold all 22 steps', async () => {
        const all = await stepsOf(goalId);
        return all.length === 22 ? all : undefined;
      });
      const liveCalls = steps.filter((s) => s.kind === 'tool_call' && s.replayedFrom === null);
      expect(liveCalls.map((s) => [s.attempt, (s.arguments as { title: string }).title])).toEqual([
        [1, 'note 1'],
        [1, 'note 2'],
        [2, 'note 3'],
        [2, 'note 4'],
        [2, 'note 5'],
      ]);

      // And so does the CLI.
      const cli = await agora(['goal', goalId, '--steps'], {
        PLANNER_URL: swarm.url('planner', ''),
        NO_COLOR: '1',
      });
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      const out = cli.stdout;
      expect(out).toContain(`notes, attempt 1 (${first.agentId})\n`);
      expect(out).toContain(`notes, attempt 2 (${retry.agentId}), resumed from attempt 1\n`);
      expect(out).toMatch(
        / 1-6\s+replayed\s+2 model calls, 2 tool calls and their results, not done again\n/,
      );
      for (const n of [1, 2, 3, 4, 5]) {
        const call = new RegExp(`tool_call\\s+memory_write \\{"title":"note ${n}"`, 'g');
        expect(out.match(call), `note ${n}`).toHaveLength(1);
      }
      expect(out.match(/tool_result\s+memory_write → \{"stored":true\}/g)).toHaveLength(5);
      expect(out).toMatch(/model_call\s+openai\/scripted: answers "Stored five notes/);
    },
  );

  it(
    'journals a content goal’s model-backed writer: a memory search, then the post',
    { timeout: 150_000 },
    async () => {
      await swarm.waitHealthy();
      await online(writer);
      const goalId = await swarm.submit({
        goal: 'A short post on Kafka consumer groups',
        workflow: 'content',
      });
      await completed(goalId);
      expect(writing.map(toolResults)).toEqual([0, 1]);

      const steps = await waitFor('the write step’s four steps at the planner', async () => {
        const all = (await stepsOf(goalId)).filter((s) => s.task === 'write');
        return all.length === 4 ? all : undefined;
      });
      expect(steps.map((s) => [s.attempt, s.seq, s.kind, s.name, s.agentId])).toEqual([
        [1, 1, 'model_call', 'openai/scripted', writer],
        [1, 2, 'tool_call', 'memory_search', writer],
        [1, 3, 'tool_result', 'memory_search', writer],
        [1, 4, 'model_call', 'openai/scripted', writer],
      ]);
      expect(steps[1]!.arguments).toEqual({ query: 'kafka consumer groups' });
      // What memory answered, as the model got it: passages of the corpus to cite.
      expect(JSON.parse(steps[2]!.result!)).toEqual(
        expect.arrayContaining([expect.objectContaining({ itemId: expect.any(String) as string })]),
      );
      expect(JSON.parse(steps[3]!.result!)).toMatchObject({
        text: expect.stringContaining('Kafka assigns each partition') as string,
        toolCalls: [],
      });
      // The deterministic steps of the goal journal nothing.
      expect((await stepsOf(goalId)).every((s) => s.task === 'write')).toBe(true);

      const cli = await agora(['goal', goalId, '--steps'], {
        PLANNER_URL: swarm.url('planner', ''),
        NO_COLOR: '1',
      });
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain(`write, attempt 1 (${writer})\n`);
      expect(cli.stdout).toMatch(/tool_call\s+memory_search \{"query":"kafka consumer groups"\}/);
    },
  );
});
