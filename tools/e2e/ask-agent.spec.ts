import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatAnswer, chatToolCalls, type FakeChatRequest } from '@agora/llm/testing';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora } from './agora-cli';
import { SwarmHarness } from './swarm-harness';

/** The fields of GET /goals/:id this test reads. */
interface GoalView {
  goalId: string;
  goal: string;
  state: string;
  output: string | null;
  planSource: string | null;
  inputs: Record<string, string>;
  budget: { deadlineAt: string | null };
  createdAt: string;
  tasks: { name: string; capability: string; state: string; auction: { agentId: string } | null }[];
}

/** The fields of GET /goals/:id/steps this test reads. */
interface Step {
  task: string | null;
  kind: string;
  name: string | null;
  arguments: unknown;
  result: string | null;
}

/**
 * A model with one trick, deciding from the conversation alone: with no tool result yet, it asks
 * another agent to classify the customer's message (`ask_agent`); with one, it answers the
 * customer with the label the classification came back with.
 */
async function delegatingModel(): Promise<{
  baseUrl: string;
  requests: FakeChatRequest[];
  close(): Promise<void>;
}> {
  const requests: FakeChatRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const request = JSON.parse(raw) as FakeChatRequest;
      requests.push(request);
      const prompt = request.messages.find((m) => m.role === 'user')?.content ?? '';
      const message = /"message":"((?:[^"\\]|\\.)*)"/.exec(prompt)?.[1] ?? '';
      const tool = request.messages.find((m) => m.role === 'tool');
      if (!tool) {
        chatToolCalls(
          [
            {
              id: 'ask_1',
              name: 'ask_agent',
              arguments: { capability: 'classify', request: JSON.parse(`"${message}"`) as string },
            },
          ],
          { model: 'scripted' },
        )(res);
        return;
      }
      const answer = JSON.parse(tool.content) as { output?: string; error?: string };
      const label = answer.output
        ? (JSON.parse(answer.output) as { label?: string }).label
        : undefined;
      chatAnswer(
        label
          ? `Hello, thank you for your message about being charged twice for your subscription this month. Our desk files it under ${label}: the duplicate charge will be refunded to your card. Kind regards, Support`
          : `Hello, we could not sort your message (${answer.error ?? 'no answer'}). Kind regards, Support`,
        { model: 'scripted' },
      )(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/**
 * The ask_agent tool on the real stack: a model-backed agent delegates classifying a customer's
 * message to the swarm. The executor submits a sub-goal to the planner, the auction awards it to
 * the deterministic classifier, and the agent answers with the label it came back with.
 */
describe('an agent asks another agent', () => {
  const swarm = new SwarmHarness('ask-agent');
  const concierge = `concierge-${swarm.run}`;
  const classifier = `classifier-${swarm.run}`;
  let model: Awaited<ReturnType<typeof delegatingModel>>;

  beforeAll(async () => {
    model = await delegatingModel();
    await swarm.observe(['AgentHeartbeat', 'TaskAwarded', 'GoalCompleted', 'GoalFailed']);
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor', {
      AGENT_ID_SUFFIX: '',
      PLANNER_URL: swarm.url('planner', ''),
      AGENTS: JSON.stringify([
        {
          id: concierge,
          capabilities: ['respond'],
          capacity: 1,
          role: 'You answer customers; another agent sorts their messages.',
          model: { provider: 'openai', baseUrl: model.baseUrl, model: 'scripted' },
          tools: ['ask_agent'],
          limits: { maxIterations: 4 },
          memory: { maxVisibility: 'public' },
        },
        // The ordinary deterministic classifier, no model.
        { id: classifier, capabilities: ['classify'], capacity: 2 },
      ]),
    });
    await swarm.waitHealthy();
    for (const id of [concierge, classifier]) await swarm.waitOnline(id);
  }, 180_000);

  afterAll(async () => {
    await swarm.close();
    await model?.close();
  }, 60_000);

  const completed = (goalId: string) =>
    waitFor(
      `goal ${goalId} to complete`,
      () => {
        const failed = swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId);
        if (failed) throw new Error(`goal ${goalId} failed: ${failed.reason}`);
        return swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId);
      },
      { timeoutMs: 90_000 },
    );

  const goal = async (goalId: string): Promise<GoalView> => {
    const res = await fetch(swarm.url('planner', `/goals/${goalId}`));
    expect(res.status).toBe(200);
    return (await res.json()) as GoalView;
  };

  it(
    'delegates classify through the auction as a sub-goal and answers with its label',
    { timeout: 150_000 },
    async () => {
      const message = 'I was charged twice for my subscription this month';
      const parentId = await swarm.submit({
        goal: 'Answer this customer',
        inputs: { message },
        plan: { steps: [{ name: 'respond', capability: 'respond' }] },
        budget: { deadlineSeconds: 300 },
      });
      const done = await completed(parentId);

      // The sub-goal, found through the parent's journal: the tool's result names it.
      const steps = await waitFor('the respond step’s journal at the planner', async () => {
        const res = await fetch(swarm.url('planner', `/goals/${parentId}/steps`));
        const all = ((await res.json()) as { steps: Step[] }).steps;
        return all.some((s) => s.kind === 'tool_result') ? all : undefined;
      });
      const call = steps.find((s) => s.kind === 'tool_call')!;
      expect(call).toMatchObject({
        name: 'ask_agent',
        arguments: { capability: 'classify', request: message },
      });
      const result = JSON.parse(steps.find((s) => s.kind === 'tool_result')!.result!) as {
        goalId: string;
        output: string;
      };
      expect(result.goalId).toMatch(/^[0-9a-f-]{36}$/);

      // The sub-goal is a goal of its own: planned inline, marked with its parent, one level
      // deep, due before the parent, and classified by the classifier the auction chose.
      const sub = await goal(result.goalId);
      expect(sub).toMatchObject({
        goal: message,
        state: 'completed',
        planSource: 'inline',
        inputs: {
          parentGoalId: parentId,
          parentTaskId: `${parentId}/respond`,
          delegationDepth: '1',
        },
      });
      expect(sub.tasks).toEqual([
        expect.objectContaining({
          name: 'classify',
          capability: 'classify',
          state: 'accepted',
          auction: expect.objectContaining({ agentId: classifier }) as unknown,
        }),
      ]);
      const parent = await goal(parentId);
      expect(Date.parse(sub.budget.deadlineAt!)).toBeLessThanOrEqual(
        Date.parse(parent.budget.deadlineAt!),
      );
      const awards = swarm.events('TaskAwarded');
      expect(awards.find((a) => a.envelope.goalId === result.goalId)?.agentId).toBe(classifier);
      expect(awards.find((a) => a.envelope.goalId === parentId)?.agentId).toBe(concierge);

      // The classification came back as the tool's result, and the answer carries its label.
      const classification = JSON.parse(sub.output!) as { kind: string; label: string };
      expect(classification).toMatchObject({ kind: 'classification', label: 'billing' });
      expect(result.output).toBe(sub.output);
      expect(done.output).toContain(`Our desk files it under ${classification.label}`);
      expect(parent.output).toBe(done.output);
      // Two model turns: the call, then the answer.
      expect(model.requests).toHaveLength(2);

      if (process.env['ASK_AGENT_SHOW']) {
        const env = { PLANNER_URL: swarm.url('planner', ''), NO_COLOR: '1' };
        for (const id of [parentId, result.goalId]) {
          const cli = await agora(['goal', id, '--steps'], env);
          process.stdout.write(`$ npx agora goal ${id} --steps\n${cli.stdout}\n`);
        }
      }
    },
  );
});
