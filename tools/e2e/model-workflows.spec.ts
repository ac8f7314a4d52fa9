import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventMap } from '@agora/contracts';
import { defaultSkills, parseAgentsConfig } from '@agora/executor/domain';
import { waitFor } from '@agora/testing';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora } from './agora-cli';
import { scriptedModelServer } from './scripted-model';
import { SwarmHarness } from './swarm-harness';

const root = resolve(__dirname, '../..');
const agentsFile = resolve(root, 'apps/executor/agents.model.yaml');
const workflowsDir = resolve(root, 'libs/planner/domain/src/workflows');

/** Every shipped workflow: its name and the capabilities of its steps. */
const shippedWorkflows = readdirSync(workflowsDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const w = parseYaml(readFileSync(resolve(workflowsDir, f), 'utf8')) as {
      name: string;
      steps: { capability: string }[];
    };
    return { name: w.name, capabilities: w.steps.map((s) => s.capability) };
  });

interface Passage {
  itemId: string;
  quote: string;
}

describe('the model-backed agents file', () => {
  it('gives every capability of every shipped workflow to agents with a model, a role and limits', () => {
    const { agents } = parseAgentsConfig(parseYaml(readFileSync(agentsFile, 'utf8')), agentsFile, {
      served: defaultSkills().capabilities(),
      env: {},
    });
    for (const agent of agents) {
      expect(agent, agent.id).toMatchObject({
        role: expect.any(String) as string,
        model: { provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' },
        limits: { maxIterations: expect.any(Number) as number },
      });
      expect(agent.model?.apiKeyEnv, agent.id).toBeUndefined();
    }
    const declared = new Set(agents.flatMap((a) => a.capabilities));
    // approval is the planner's own step, done by a person.
    const needed = shippedWorkflows.flatMap((w) => w.capabilities).filter((c) => c !== 'approval');
    expect(needed.filter((c) => !declared.has(c))).toEqual([]);
    // Whatever reaches a customer may quote only public documents.
    for (const agent of agents.filter((a) =>
      ['retrieve', 'respond'].some((c) => a.capabilities.includes(c)),
    )) {
      expect(agent.memory?.maxVisibility, agent.id).toBe('public');
    }
  });
});

/**
 * Every shipped workflow runs to completion on the real stack with the agents of
 * apps/executor/agents.model.yaml, whose model is a scripted OpenAI-compatible server that works
 * like a model with tools: it searches memory, runs allow-listed commands and answers from what
 * they returned. The evaluator judges every output as it would a real model's.
 */
describe('every shipped workflow with the model-backed agents', () => {
  const swarm = new SwarmHarness('model-workflows');
  let model: Awaited<ReturnType<typeof scriptedModelServer>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    model = await scriptedModelServer();
    await swarm.observe([
      'AgentHeartbeat',
      'MemorySearchRequested',
      'TaskCompleted',
      'TaskEvaluated',
      'TaskFailed',
      'GoalCompleted',
      'GoalFailed',
    ]);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor', {
      AGENTS_FILE: agentsFile,
      AGENT_ID_SUFFIX: swarm.run,
      AGORA_MODEL_BASE_URL: model.baseUrl,
      AGORA_MODEL: 'scripted',
      MEMORY_SEARCH_TIMEOUT_MS: '20000',
    });
    await swarm.waitHealthy();
    await swarm.ingestCorpus();
    await waitFor(
      'the model-backed agents to be ONLINE',
      () => {
        const online = new Set(
          swarm
            .events('AgentHeartbeat')
            .filter((h) => h.status === 'ONLINE' && h.agentId.endsWith(`-${swarm.run}`))
            .map((h) => h.agentId),
        );
        return online.size >= 16 ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await swarm.close();
    await model?.close();
  }, 60_000);

  const tasksOf = <T extends 'TaskCompleted' | 'TaskEvaluated' | 'TaskFailed'>(
    type: T,
    goalId: string,
  ): EventMap[T][] => swarm.events(type).filter((e) => e.taskId.startsWith(`${goalId}/`));
  const output = <T>(goalId: string, capability: string): T => {
    const done = tasksOf('TaskCompleted', goalId).find((c) => c.capability === capability);
    if (!done) throw new Error(`no ${capability} output for ${goalId}`);
    return JSON.parse(done.output) as T;
  };
  /** The conversations of one step's model, found by what the step was asked. */
  const conversations = (skill: string, goal: string) =>
    model.requests.filter((r) => r.step.skill === skill && r.step.goal === goal);

  it(
    'runs research, content, publish, support, triage and devops goals to completion',
    { timeout: 150_000 },
    async () => {
      const goals = {
        research: { goal: 'How do Kafka consumer groups share the partitions of a topic?' },
        content: { goal: 'A short post on Kafka consumer groups for engineers' },
        publish: { goal: 'A short post on dead letter queues for engineers' },
        support: {
          goal: 'Answer this customer',
          inputs: { message: 'I was charged twice for my subscription this month' },
        },
        'support-escalated': {
          workflow: 'support',
          goal: 'Answer this customer',
          inputs: { message: 'My parcel has not arrived and I was charged twice for it' },
        },
        triage: { goal: 'I cannot log in to my account since the password reset' },
        devops: { goal: 'Find out why the host is slow and check its disk space' },
      };
      for (const [name, body] of Object.entries(goals)) {
        ids[name] = await swarm.submit({ workflow: name, ...body });
      }
      // The covered workflows are the shipped ones, every one of them.
      expect(
        new Set(Object.entries(goals).map(([n, b]) => ('workflow' in b ? b.workflow : n))),
      ).toEqual(new Set(shippedWorkflows.map((w) => w.name)));

      // A person approves the reviewed post (the step waits for them once the review is accepted).
      await waitFor(
        'the publish goal to wait for its approval',
        async () => {
          const res = await fetch(
            swarm.url('planner', `/goals/${ids['publish']}/tasks/approve/decision`),
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-agora-user': 'editor' },
              body: JSON.stringify({ decision: 'approve', comment: 'Reads well.' }),
            },
          );
          return res.status === 200 ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );

      for (const [name, goalId] of Object.entries(ids)) {
        await waitFor(
          `the ${name} goal to complete`,
          () => {
            const failed = swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId);
            if (failed) {
              const why = tasksOf('TaskEvaluated', goalId).map(
                (e) => `${e.capability}: ${e.verdict} ${e.feedback}`,
              );
              const failures = tasksOf('TaskFailed', goalId).map(
                (f) => `${f.capability}: ${f.reason}`,
              );
              throw new Error(
                `${name} failed: ${failed.reason}\n${[...why, ...failures].join('\n')}`,
              );
            }
            return swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId);
          },
          { timeoutMs: 90_000 },
        );
      }

      for (const [name, goalId] of Object.entries(ids)) {
        const completed = tasksOf('TaskCompleted', goalId);
        expect(completed.length, name).toBeGreaterThan(0);
        // Every step was done by the model, none by a built-in skill's offline code…
        for (const c of completed)
          expect(c.usage.model, `${name}/${c.capability}`).toBe('openai/scripted');
        // …and the evaluator accepted each at the first attempt.
        expect(
          tasksOf('TaskEvaluated', goalId)
            .map(
              (e) =>
                `${e.capability}: ${e.verdict}${e.verdict === 'ACCEPTED' ? '' : ` ${e.feedback}`}`,
            )
            .sort(),
          name,
        ).toEqual(completed.map((c) => `${c.capability}: ACCEPTED`).sort());
      }

      // research: the reporter searched memory itself and cites a passage that search returned.
      const research = goals.research.goal;
      const reportSearch = conversations('report', research).find(
        (r) => r.step.toolResults.length > 0,
      )!;
      const searched = JSON.parse(reportSearch.step.toolResults[0]!.content) as Passage[];
      const report = output<{ markdown: string; citations: Passage[] }>(ids['research']!, 'report');
      expect(report.citations.map((c) => c.itemId)).toContain(searched[0]!.itemId);
      expect(report.markdown).toMatch(/^# How do Kafka consumer groups share the partitions/);
      expect(
        output<{ checked: number; supported: number }>(ids['research']!, 'validate'),
      ).toMatchObject({
        supported: expect.any(Number) as number,
      });

      // content: the review judged the edited post, which quotes what the writer found.
      expect(output<{ approved: boolean }>(ids['content']!, 'review').approved).toBe(true);
      expect(output<{ text: string }>(ids['content']!, 'edit').text).toMatch(/consumer group/i);

      // support: the reply quotes the public FAQ; only the unsure classification is escalated.
      const reply = output<{ text: string }>(ids['support']!, 'respond').text;
      expect(reply).toContain('I was charged twice for my subscription this month');
      expect(reply).toMatch(/refund|charge/i);
      expect(tasksOf('TaskCompleted', ids['support']!).map((c) => c.capability)).not.toContain(
        'escalate',
      );
      expect(output<{ reason: string }>(ids['support-escalated']!, 'escalate').reason).toMatch(
        /below 0\.6/,
      );
      const supportSearches = swarm
        .events('MemorySearchRequested')
        .filter((s) => [ids['support'], ids['support-escalated']].includes(s.envelope.goalId ?? ''))
        .filter((s) => s.requester.startsWith('support-'));
      expect(supportSearches.length).toBeGreaterThan(0);
      expect(new Set(supportSearches.map((s) => s.maxVisibility))).toEqual(new Set(['public']));

      // triage: one label with its confidence.
      expect(output<{ label: string }>(ids['triage']!, 'classify').label).toBe('account');

      // devops: the allow-listed commands ran through the shell tool; the diagnosis read them.
      const devops = goals.devops.goal;
      const commands = model.requests
        .filter((r) => r.step.goal === devops)
        .flatMap((r) => r.step.toolResults.filter((t) => t.name === 'shell'))
        .map((t) => (JSON.parse(t.content) as { command: string }).command);
      expect(new Set(commands)).toEqual(new Set(['uptime', 'free -m', 'df -h']));
      expect(output<{ text: string }>(ids['devops']!, 'diagnose').text).toMatch(
        /load average|Memory/,
      );

      if (process.env['MODEL_WORKFLOWS_SHOW']) {
        for (const name of ['research', 'support', 'devops']) {
          const args = ['goal', ids[name]!, ...(name === 'support' ? [] : ['--steps'])];
          const cli = await agora(args, {
            PLANNER_URL: swarm.url('planner', ''),
            NO_COLOR: '1',
          });
          console.log(`$ npx agora ${args.join(' ')}\n${cli.stdout}`);
        }
      }
    },
  );
});
