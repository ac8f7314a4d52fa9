import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newEnvelope, type DeadLetter, type EventMap } from '@agora/contracts';
import { generateAgentKey, type MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwarmHarness, type ExternalAgent } from './swarm-harness';

/**
 * Agent ids bound to keys, in a real swarm: the auction, the planner and the evaluator run with
 * AGENT_SIGNATURES=require and a keys file; the executor (its agents' ids start with `editor-`)
 * and an SDK agent (`translator-`) sign with keys of their own, and the auction and the planner
 * with platform keys. Goals complete as usual. A forger with the same Kafka access but no key,
 * and another team holding a valid key for `acme.`, publish results, bids and failures claiming
 * those agents or the platform's services: every service dead-letters them with the reason, and
 * the goals complete with the real agents' results.
 */
const root = resolve(__dirname, '../..');

const workflow = `
name: signed
description: Translate a text, then tidy it.
steps:
  - name: translate
    capability: translate
    output: text
  - name: edit
    capability: edit
    dependsOn: [translate]
`;

/** A step no agent can do, beside one an agent starts: the goal fails and the other is cancelled. */
const unstaffed = (run: string) => `
name: unstaffed
description: Translate a text while nobody does the other half.
steps:
  - name: translate
    capability: translate
    output: text
  - name: orphan
    capability: nobody-${run}
    output: text
`;

describe('agents sign what they publish; the services refuse what an agent did not sign', () => {
  const swarm = new SwarmHarness('agentsig');
  const dir = mkdtempSync(join(tmpdir(), 'agora-agent-signatures-'));
  const translatorId = `translator-${swarm.run}`;
  const editorId = `editor-${swarm.run}`;
  const executors = generateAgentKey('platform-editors', 'editor-');
  const translators = generateAgentKey('translators', 'translator-');
  const acme = generateAgentKey('acme-1', 'acme.');
  const auctionKey = generateAgentKey('auction-e2e', { services: ['auction'] });
  const plannerKey = generateAgentKey('planner-e2e', { services: ['planner'] });
  let forger: MessagingClient;
  let otherTeam: MessagingClient;
  let agent: ExternalAgent;
  /** The eventIds of every forgery sent. */
  const forgedIds = new Set<string>();
  const withOutput = (error: unknown) => agent.withOutput(error);

  beforeAll(async () => {
    const keysFile = join(dir, 'agent-keys.yaml');
    writeFileSync(
      keysFile,
      executors.keysFileEntry +
        translators.keysFileEntry +
        acme.keysFileEntry +
        auctionKey.keysFileEntry +
        plannerKey.keysFileEntry,
    );
    const keyFile = (name: string, pem: string) => {
      const path = join(dir, name);
      writeFileSync(path, pem, { mode: 0o600 });
      return path;
    };
    const workflowsDir = join(dir, 'workflows');
    mkdirSync(workflowsDir);
    writeFileSync(join(workflowsDir, 'signed.yaml'), workflow);
    writeFileSync(join(workflowsDir, 'unstaffed.yaml'), unstaffed(swarm.run));
    const verifying = { AGENT_SIGNATURES: 'require', AGENT_KEYS_FILE: keysFile };

    await swarm.observe([
      'AgentHeartbeat',
      'TaskCompleted',
      'TaskFailed',
      'TaskEvaluated',
      'GoalCompleted',
      'GoalFailed',
      'DeadLetter',
    ]);
    const platformKey = (made: typeof auctionKey) => ({
      AGENT_SIGNING_KEY_FILE: keyFile(`${made.keyId}.pem`, made.privateKeyPem),
      AGENT_KEY_ID: made.keyId,
    });
    await swarm.start('planner', 'planner', {
      ...verifying,
      ...platformKey(plannerKey),
      PLANNER_WORKFLOWS_DIR: workflowsDir,
    });
    await swarm.start('auction', 'auction', { ...verifying, ...platformKey(auctionKey) });
    await swarm.start('evaluator', 'evaluator', verifying);
    await swarm.start('executor', 'executor', {
      AGENTS: JSON.stringify([{ id: 'editor', capabilities: ['edit'], capacity: 2 }]),
      AGENT_ID_SUFFIX: `-${swarm.run}`,
      AGENT_SIGNING_KEY_FILE: keyFile('editors.pem', executors.privateKeyPem),
      AGENT_KEY_ID: 'platform-editors',
    });
    forger = testMessagingClient(swarm.prefix, { service: 'forger' });
    otherTeam = testMessagingClient(swarm.prefix, {
      service: 'acme',
      signing: { keyId: 'acme-1', privateKey: acme.privateKeyPem },
    });
    await Promise.all([swarm.waitHealthy(), forger.connect(), otherTeam.connect()]);
    agent = await swarm.startAgent(
      'SDK agent',
      translatorId,
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'examples/sdk-agent/agent.ts',
        '--id',
        translatorId,
        '--capabilities',
        'translate',
      ],
      {
        cwd: root,
        env: {
          AGENT_SIGNING_KEY_FILE: keyFile('translators.pem', translators.privateKeyPem),
          AGENT_KEY_ID: 'translators',
        },
      },
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all([forger?.close(), otherTeam?.close()]);
    await swarm.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** A result claiming `agentId` for attempt 1 of a step, with an output the evaluator accepts. */
  function forgedResult(goalId: string, step: string, agentId: string): EventMap['TaskCompleted'] {
    return {
      envelope: newEnvelope({ producer: { service: agentId, version: '0.1.0' }, goalId }),
      taskId: `${goalId}/${step}`,
      attempt: 1,
      agentId,
      capability: step,
      output: JSON.stringify({ kind: 'text', text: 'FORGED: a result no agent of ours wrote.' }),
      usage: { durationMs: 1, inputTokens: 0, outputTokens: 0, costUsd: 0, model: null },
    };
  }

  /** A failure of attempt 1 of a step, claiming to come from one of the platform's services. */
  function forgedFailure(
    goalId: string,
    step: string,
    service: 'auction' | 'planner',
  ): EventMap['TaskFailed'] {
    return {
      envelope: newEnvelope({ producer: { service, version: '0.1.0' }, goalId }),
      taskId: `${goalId}/${step}`,
      attempt: 1,
      agentId: translatorId,
      capability: step,
      code: service === 'auction' ? 'lease_expired' : 'cancelled',
      reason: 'FORGED',
      retriable: service === 'auction',
      usage: null,
    };
  }

  function forgedBid(goalId: string, agentId: string): EventMap['BidSubmitted'] {
    return {
      envelope: newEnvelope({ producer: { service: agentId, version: '0.1.0' }, goalId }),
      taskId: `${goalId}/translate`,
      attempt: 1,
      round: 1,
      agentId,
      decision: 'BID',
      cost: 0,
      estimatedDurationMs: 0,
      confidence: 1,
      load: 0,
      refusalReason: null,
      incarnation: '',
    };
  }

  /** The dead letters of one forged event, one per service group that refused it. */
  async function refusals(eventId: string, groups: readonly string[]): Promise<DeadLetter[]> {
    return waitFor(
      `${groups.join(', ')} to dead-letter ${eventId}`,
      () => {
        const found = swarm.events('DeadLetter').filter((d) => d.envelope.causationId === eventId);
        return groups.every((g) =>
          found.some((d) => d.consumerGroup === `${swarm.prefix}agora.${g}`),
        )
          ? found
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
  }

  async function completedGoal(goalId: string) {
    return waitFor(
      `goal ${goalId} to end`,
      () => {
        const failed = swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId);
        if (failed) throw new Error(`goal ${goalId} failed: ${failed.reason}`);
        return swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId);
      },
      { timeoutMs: 60_000 },
    ).catch((error: unknown) => {
      throw withOutput(error);
    });
  }

  /** The real result of a step, and the verdict, which must be on that result. */
  async function judged(goalId: string, step: string, agentId: string) {
    const taskId = `${goalId}/${step}`;
    const verdict = await waitFor(`the verdict on ${taskId}`, () =>
      swarm.events('TaskEvaluated').find((e) => e.taskId === taskId && e.attempt === 1),
    );
    const real = swarm
      .events('TaskCompleted')
      .filter((c) => c.taskId === taskId && !c.output.includes('FORGED'));
    expect(real.map((c) => c.agentId)).toEqual([agentId]);
    expect(verdict.envelope.causationId).toBe(real[0]!.envelope.eventId);
    expect(verdict.verdict, verdict.feedback).toBe('ACCEPTED');
    return verdict;
  }

  it(
    'an unsigned result claiming the winner is dead-lettered by every service; the real one completes the goal',
    { timeout: 90_000 },
    async () => {
      const goalId = await swarm.submit({
        goal: 'Translate this',
        workflow: 'signed',
        inputs: { text: 'hello my friend' },
      });
      // Sent at once, before the award: without signatures the planner would hold it for the
      // award to the agent it names, and apply it before the agent's own result.
      const forged = forgedResult(goalId, 'translate', translatorId);
      forgedIds.add(forged.envelope.eventId);
      await forger.publisher.publish('TaskCompleted', forged);

      const completed = await completedGoal(goalId);
      expect(completed.output).toContain('Bonjour mon ami.');
      expect(completed.output).not.toContain('FORGED');
      await judged(goalId, 'translate', translatorId);
      await judged(goalId, 'edit', editorId);

      const letters = await refusals(forged.envelope.eventId, ['planner', 'auction', 'evaluator']);
      for (const letter of letters) {
        expect(letter.classification).toBe('fatal');
        expect(letter.errorType).toBe('AgentSignatureError');
        expect(letter.errorMessage).toBe(
          `TaskCompleted refused: it claims agent ${translatorId}, signed by no key: ` +
            'no signature (headers agora-key-id and agora-signature missing) [unsigned]',
        );
      }
    },
  );

  it(
    'a failure claiming the auction or the planner needs their platform key; theirs still work',
    { timeout: 90_000 },
    async () => {
      const goalId = await swarm.submit({
        goal: 'Translate this',
        workflow: 'signed',
        inputs: { text: 'hello my friend' },
      });
      const completed = await completedGoal(goalId);
      expect(completed.output).toContain('Bonjour mon ami.');
      // Sent once the goal is done: agents do not check the failures they read, and one that
      // reached the translator before its award would make it skip the attempt.
      const unsigned = forgedFailure(goalId, 'translate', 'auction');
      const agentKeyed = forgedFailure(goalId, 'translate', 'planner');
      forgedIds.add(unsigned.envelope.eventId).add(agentKeyed.envelope.eventId);
      await forger.publisher.publish('TaskFailed', unsigned);
      await otherTeam.publisher.publish('TaskFailed', agentKeyed);
      const groups = ['planner', 'auction', 'evaluator'];
      for (const letter of await refusals(unsigned.envelope.eventId, groups)) {
        expect(letter.errorMessage).toBe(
          'TaskFailed refused: it claims service auction, signed by no key: ' +
            'no signature (headers agora-key-id and agora-signature missing) [unsigned]',
        );
      }
      for (const letter of await refusals(agentKeyed.envelope.eventId, groups)) {
        expect(letter.errorMessage).toBe(
          'TaskFailed refused: it claims service planner, signed with key acme-1: ' +
            'key acme-1 is not a platform key of planner [wrong_service]',
        );
      }

      // The real auction fails a step nobody can do (unallocatable), and the planner cancels the
      // other step of that goal: both signed, both applied. The translator is held meanwhile, so
      // the other step is still open when the goal fails, and is cancelled rather than done.
      agent.child.kill('SIGSTOP');
      try {
        const failingId = await swarm.submit({
          goal: 'Translate this',
          workflow: 'unstaffed',
          inputs: { text: 'hello my friend' },
        });
        const failedGoal = await waitFor(`goal ${failingId} to fail`, () =>
          swarm.events('GoalFailed').find((g) => g.envelope.goalId === failingId),
        );
        expect(failedGoal.reason).toContain('nobody');
        const byPlatform = (service: string, code: string) =>
          waitFor(`the ${service}'s ${code} failure of ${failingId}`, () =>
            swarm
              .events('TaskFailed')
              .find(
                (f) =>
                  f.envelope.goalId === failingId &&
                  f.envelope.producer.service === service &&
                  f.code === code,
              ),
          );
        await byPlatform('auction', 'unallocatable');
        await byPlatform('planner', 'cancelled');
      } finally {
        agent.child.kill('SIGCONT');
      }
    },
  );

  it(
    "another team's valid key cannot speak for agents outside its prefix",
    { timeout: 90_000 },
    async () => {
      const goalId = await swarm.submit({
        goal: 'Translate this',
        workflow: 'signed',
        inputs: { text: 'the cat is on the table' },
      });
      const bid = forgedBid(goalId, translatorId);
      const result = forgedResult(goalId, 'edit', editorId);
      forgedIds.add(bid.envelope.eventId).add(result.envelope.eventId);
      await otherTeam.publisher.publish('BidSubmitted', bid);
      await otherTeam.publisher.publish('TaskCompleted', result);

      const completed = await completedGoal(goalId);
      expect(completed.output).toContain('Le chat est sur le table.');
      expect(completed.output).not.toContain('FORGED');
      await judged(goalId, 'edit', editorId);

      const [bidLetter] = await refusals(bid.envelope.eventId, ['auction']);
      expect(bidLetter!.errorMessage).toBe(
        `BidSubmitted refused: it claims agent ${translatorId}, signed with key acme-1: ` +
          "key acme-1 signs only for agents whose id starts with 'acme.' [wrong_prefix]",
      );
      const resultLetters = await refusals(result.envelope.eventId, [
        'planner',
        'auction',
        'evaluator',
      ]);
      expect(new Set(resultLetters.map((d) => d.errorMessage))).toEqual(
        new Set([
          `TaskCompleted refused: it claims agent ${editorId}, signed with key acme-1: ` +
            "key acme-1 signs only for agents whose id starts with 'acme.' [wrong_prefix]",
        ]),
      );

      // Everything the real agents sent passed: the only refusals are of the forgeries.
      const refused = swarm
        .events('DeadLetter')
        .filter((d) => d.errorType === 'AgentSignatureError');
      expect(refused.filter((d) => !forgedIds.has(d.envelope.causationId ?? ''))).toEqual([]);
      for (const d of refused) {
        console.log(
          `[agent-signatures] ${d.consumerGroup.slice(swarm.prefix.length)}: ${d.errorMessage}`,
        );
      }
    },
  );
});
