import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClassificationOutput } from '@agora/contracts';
import { stackEnv, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeJava } from '../stack/java';
import { runMaven } from '../stack/maven';
import { which } from '../stack/process';
import { createReporter } from '../stack/reporter';
import { SwarmHarness, type ExternalAgent } from './swarm-harness';

/**
 * The contracts are the platform: an agent written in Java (examples/java-agent), sharing no code
 * with the services, only schemas/avro, the topic catalog and the JSON payloads, takes part in
 * the swarm beside the TypeScript executors. It must bid, win auctions on merit (it asks less and
 * promises to be quicker than the TypeScript agent that also classifies), have its results
 * accepted by the evaluator, and leave the roster cleanly on SIGTERM.
 */
const project = resolve(__dirname, '../../examples/java-agent');
const schemasDir = resolve(__dirname, '../../schemas/avro');
const jar = join(project, 'target', 'agora-java-agent.jar');

const missing = ['java', 'mvn'].filter((tool) => which(tool) === undefined);
if (missing.length > 0) {
  console.warn(
    `java-agent.spec.ts skipped: ${missing.join(' and ')} not on PATH. Install a JDK 17+ and ` +
      'Maven 3.8+ (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven; macOS: ' +
      'brew install openjdk@17 maven), then run the spec again.',
  );
}

/** Newest modification time under a path (files only). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds the jar unless it is newer than its sources, the pom and the schemas it carries. */
async function buildJar(): Promise<void> {
  const java = await probeJava(which('java') ?? 'java');
  if (!java || java.major < 17) {
    throw new Error(
      `the Java agent needs Java 17 or newer; java on PATH is ${java?.version ?? 'unknown'}`,
    );
  }
  const sources = Math.max(
    newest(join(project, 'src')),
    newest(join(project, 'pom.xml')),
    newest(schemasDir),
  );
  if (existsSync(jar) && statSync(jar).mtimeMs > sources) return;
  console.log(
    '[java-agent] building examples/java-agent with Maven (the first build downloads its dependencies)',
  );
  await runMaven('java-agent', ['package'], createReporter(), project);
}

describe.skipIf(missing.length > 0)('an agent written in Java takes part in the swarm', () => {
  const swarm = new SwarmHarness('javaagent');
  const javaAgent = `java-${swarm.run}`;
  let agent: ExternalAgent;

  beforeAll(async () => {
    await buildJar();
    await swarm.observe([
      'AgentHeartbeat',
      'BidSubmitted',
      'TaskAwarded',
      'TaskCompleted',
      'TaskEvaluated',
      'GoalCompleted',
      'GoalFailed',
    ]);
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    // The stock agents: support-1 classifies too ($0.01 a task, 800 ms expected at first).
    await swarm.start('executor', 'executor', { AGENT_ID_SUFFIX: `-${swarm.run}` });
    await swarm.waitHealthy();

    agent = await swarm.startAgent('Java agent', javaAgent, 'java', [
      '-jar',
      jar,
      '--id',
      javaAgent,
    ]);
  }, 300_000);

  afterAll(async () => {
    await swarm.close();
  }, 60_000);

  const messages = [
    'I was charged twice on my last invoice, please refund the payment',
    'The app crashes with an error every time I log in',
    'How do I delete my account and change the email on my profile?',
    'My parcel has not arrived and the tracking shows it lost',
    'What are your opening hours? I have a general question',
    'My card payment failed and the subscription price looks wrong',
    'Password reset is broken, the login page times out',
    'The courier left my package at the wrong address',
  ];

  it(
    'bids, wins auctions, has its classifications accepted, and the goals complete',
    { timeout: 120_000 },
    async () => {
      const goalIds = await Promise.all(
        messages.map((message) =>
          swarm.submit({
            goal: 'Route this support request',
            workflow: 'triage',
            inputs: { message },
          }),
        ),
      );
      await waitFor(
        'every goal to end',
        () =>
          goalIds.every((id) =>
            [...swarm.events('GoalCompleted'), ...swarm.events('GoalFailed')].some(
              (g) => g.envelope.goalId === id,
            ),
          ) || undefined,
        { timeoutMs: 90_000 },
      ).catch((error: unknown) => {
        throw agent.withOutput(error);
      });
      const completed = new Set(swarm.events('GoalCompleted').map((g) => g.envelope.goalId));
      expect(goalIds.filter((id) => !completed.has(id))).toEqual([]);

      const ours = new Set(goalIds);
      const bids = swarm
        .events('BidSubmitted')
        .filter((b) => b.agentId === javaAgent && ours.has(b.envelope.goalId ?? ''));
      expect(bids.filter((b) => b.decision === 'BID').length).toBeGreaterThan(0);

      const won = swarm
        .events('TaskAwarded')
        .filter((a) => a.agentId === javaAgent && ours.has(a.envelope.goalId ?? ''));
      const awards = swarm.events('TaskAwarded').filter((a) => ours.has(a.envelope.goalId ?? ''));
      console.log(
        `[java-agent] ${javaAgent} bid ${bids.length} times and won ${won.length} of ${awards.length} auctions`,
      );
      expect(won.length).toBeGreaterThan(0);
      // It won against the TypeScript agent, not alone.
      expect(won.some((a) => a.bidders.some((b) => b !== javaAgent))).toBe(true);

      for (const award of won) {
        const result = swarm
          .events('TaskCompleted')
          .find(
            (c) =>
              c.taskId === award.taskId && c.attempt === award.attempt && c.agentId === javaAgent,
          );
        expect(result, `${award.taskId} completed by the Java agent`).toBeDefined();
        const output = JSON.parse(result!.output) as ClassificationOutput;
        expect(output.kind).toBe('classification');
        const verdict = await waitFor(`the verdict on ${award.taskId}`, () =>
          swarm
            .events('TaskEvaluated')
            .find((e) => e.taskId === award.taskId && e.attempt === award.attempt),
        );
        expect(verdict.agentId).toBe(javaAgent);
        expect(verdict.verdict, verdict.feedback).toBe('ACCEPTED');
      }
      // Its schemas are the platform's, not look-alikes: registering them added no version to the
      // subjects the TypeScript executor registered.
      for (const topic of [
        'agora.auction.bids',
        'agora.agents.heartbeats',
        'agora.tasks.completed',
      ]) {
        const subject = `${swarm.prefix}${topic}-value`;
        const res = await fetch(`${stackEnv().SCHEMA_REGISTRY_URL}/subjects/${subject}/versions`);
        expect(await res.json(), subject).toEqual([1]);
      }
      // The Java classifier reads the message like the TypeScript one: a billing complaint is billing.
      const billing = won.find((a) => a.envelope.goalId === goalIds[0]);
      if (billing) {
        const result = swarm.events('TaskCompleted').find((c) => c.taskId === billing.taskId)!;
        expect((JSON.parse(result.output) as ClassificationOutput).label).toBe('billing');
      }
    },
  );

  it('goes OFFLINE and exits on SIGTERM', { timeout: 30_000 }, async () => {
    agent.child.kill('SIGTERM');
    // 143 (128 + SIGTERM) is how a JVM exits once its shutdown hooks have run.
    expect(await agent.exited).toBe(143);
    await waitFor('the OFFLINE heartbeat', () =>
      swarm.events('AgentHeartbeat').find((h) => h.agentId === javaAgent && h.status === 'OFFLINE'),
    );
  });
});
