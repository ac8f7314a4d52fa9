import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EscalationOutput, SourcesOutput, TaskCompleted, TextOutput } from '@agora/contracts';
import { MemoryDocumentsClient } from '@agora/memory-client';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocuments } from '../../apps/cli/src/commands/memory-ingest.command';
import { SwarmHarness } from './swarm-harness';

/**
 * What a customer is told comes only from documents marked public. On the real stack (memory,
 * planner, auction, evaluator and an executor as processes), a public billing FAQ and a refund
 * policy with staff-only instructions (no front matter: internal) are ingested from a folder, as
 * `agora memory ingest` reads it. A support goal about a double charge must be answered from the
 * FAQ alone: the reply never holds the policy's staff-only phrase, every memory search of the
 * goal goes out with maxVisibility public, and every cited item is public. A step allowed
 * internal documents finds the policy; one run by an agent bounded to public does not, whatever
 * the step allows. A request no public document answers is not answered anyway: the reply says
 * there is no documented answer and a person takes the request over.
 */
const STAFF_ONLY = 'override code VX-4471';

const faq = `---
visibility: public
---
# Billing FAQ

Charged twice for one order? A duplicate charge is reversed automatically within five business
days; you do not need to do anything. If the second charge is still on your statement after
that, reply to this message with the order number.
`;

// No front matter: stored as internal, so it is never quoted to a customer.
const policy = `# Refund policy for duplicate charges (staff only)

When a customer was charged twice for one order, refund the duplicate charge the same day.
Staff only: before refunding a duplicate charge twice over, apply the ${STAFF_ONLY} in the
ledger and never mention the code or the ledger to the customer.
`;

const legal = `---
visibility: restricted
---
# Chargeback disputes

A customer charged twice who opened a chargeback for the duplicate charge is handled by counsel.
`;

describe('memory visibility: a customer-facing step never sees what it may not quote', () => {
  const swarm = new SwarmHarness('visibility');
  const desk = `desk-${swarm.run}`;
  const staff = `staff-${swarm.run}`;
  const docsDir = mkdtempSync(join(tmpdir(), 'agora-visibility-'));
  const ids = { faq: 'doc:billing-faq.md', policy: 'doc:refund-policy.md', legal: 'doc:legal.md' };

  beforeAll(async () => {
    writeFileSync(join(docsDir, 'billing-faq.md'), faq);
    writeFileSync(join(docsDir, 'refund-policy.md'), policy);
    writeFileSync(join(docsDir, 'legal.md'), legal);
    await swarm.observe([
      'TaskCompleted',
      'TaskFailed',
      'TaskEvaluated',
      'GoalCompleted',
      'GoalFailed',
      'MemorySearchRequested',
    ]);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor', {
      AGENTS: JSON.stringify([
        // talks to customers: bounded to public whatever a step allows
        {
          id: 'desk',
          capabilities: ['classify', 'retrieve', 'respond', 'escalate'],
          capacity: 3,
          memory: { maxVisibility: 'public' },
        },
        // works for staff: bounded by the steps alone
        { id: 'staff', capabilities: ['gather'], capacity: 3 },
      ]),
      AGENT_ID_SUFFIX: `-${swarm.run}`,
    });
    await swarm.waitHealthy();
    const documents = await readDocuments(docsDir);
    await new MemoryDocumentsClient(swarm.url('memory', '')).ingest(documents);
  }, 300_000);

  afterAll(async () => {
    await swarm.close();
    rmSync(docsDir, { recursive: true, force: true });
  }, 60_000);

  async function goalEnds(goalId: string) {
    return waitFor(
      `goal ${goalId} to end`,
      () =>
        swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId) ??
        swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId),
      { timeoutMs: 120_000 },
    );
  }

  /** The accepted result of one step of a goal. */
  function resultOf(goalId: string, step: string): TaskCompleted {
    const taskId = `${goalId}/${step}`;
    const accepted = swarm
      .events('TaskEvaluated')
      .find((e) => e.taskId === taskId && e.verdict === 'ACCEPTED');
    expect(accepted, `${step} accepted`).toBeDefined();
    const result = swarm
      .events('TaskCompleted')
      .find((c) => c.taskId === taskId && c.attempt === accepted!.attempt);
    expect(result, `${step} completed`).toBeDefined();
    return result!;
  }

  const documentOf = (itemId: string) => itemId.split('#')[0];

  async function visibilityOf(itemId: string): Promise<string> {
    const res = await fetch(swarm.url('memory', `/memory/items/${encodeURIComponent(itemId)}`));
    return ((await res.json()) as { visibility: string }).visibility;
  }

  it('ingests the folder with each file at its visibility, front matter or none', async () => {
    for (const [id, level] of [
      [ids.faq, 'public'],
      [ids.policy, 'internal'],
      [ids.legal, 'restricted'],
    ] as const) {
      expect(await visibilityOf(`${id}#1`), id).toBe(level);
    }
    // Without a bound, the policy is the best match for the customer's words: the test below
    // could fail.
    const res = await fetch(
      swarm.url(
        'memory',
        `/memory/search?q=${encodeURIComponent('charged twice duplicate charge refund')}`,
      ),
    );
    const { hits } = (await res.json()) as { hits: { itemId: string }[] };
    expect(hits.map((h) => documentOf(h.itemId))).toContain(ids.policy);
  });

  it(
    "answers 'I was charged twice' from the public FAQ only, never quoting the staff-only policy",
    { timeout: 180_000 },
    async () => {
      const goal = 'I was charged twice for my order, please refund the duplicate charge';
      const goalId = await swarm.submit({ goal, workflow: 'support' });
      const end = await goalEnds(goalId);
      expect(end.envelope.goalId).toBe(goalId);
      expect('output' in end, `the goal completed: ${JSON.stringify(end)}`).toBe(true);

      const sources = JSON.parse(resultOf(goalId, 'retrieve').output) as SourcesOutput;
      expect(sources.sources.length).toBeGreaterThan(0);
      expect(new Set(sources.sources.map((s) => documentOf(s.itemId)))).toEqual(new Set([ids.faq]));
      for (const s of sources.sources) expect(await visibilityOf(s.itemId)).toBe('public');

      const reply = JSON.parse(resultOf(goalId, 'respond').output) as TextOutput;
      expect(reply.text).toContain('A duplicate charge is reversed automatically');
      expect(reply.text).not.toContain(STAFF_ONLY);
      expect(reply.text).not.toMatch(/staff only|ledger/i);
      expect(JSON.stringify(end)).not.toContain(STAFF_ONLY);

      // Enforced by memory itself: every search the goal's agents made asked for public items
      // only. (The evaluator looks cited items up too, to check them, not to quote them.)
      const searches = swarm
        .events('MemorySearchRequested')
        .filter((r) => r.envelope.goalId === goalId && r.requester === desk);
      expect(searches.length).toBeGreaterThan(0);
      expect(searches.map((r) => r.maxVisibility)).toEqual(searches.map(() => 'public'));
    },
  );

  it(
    'a step allowed internal documents finds the policy; an agent bounded to public does not',
    { timeout: 180_000 },
    async () => {
      const query = 'charged twice duplicate charge refund';
      const plan = (capability: string) => ({
        steps: [{ name: 'lookup', capability, params: { quote: 'internal', query, k: 10 } }],
      });
      const [forStaff, forDesk] = await Promise.all([
        swarm.submit({ goal: 'What do staff do about a double charge?', plan: plan('gather') }),
        swarm.submit({ goal: 'What do staff do about a double charge?', plan: plan('retrieve') }),
      ]);
      await Promise.all([goalEnds(forStaff), goalEnds(forDesk)]);

      const staffResult = resultOf(forStaff, 'lookup');
      expect(staffResult.agentId).toBe(staff);
      const found = (JSON.parse(staffResult.output) as SourcesOutput).sources;
      const staffDocs = new Set(found.map((s) => documentOf(s.itemId)));
      expect(staffDocs).toContain(ids.policy);
      expect(staffDocs).toContain(ids.faq);
      // internal, not restricted: the legal note stays out
      expect(staffDocs).not.toContain(ids.legal);
      expect(found.map((s) => s.quote).join('\n')).toContain(STAFF_ONLY);

      // The same step allowing internal, done by the agent bounded to public: the stricter wins.
      const deskResult = resultOf(forDesk, 'lookup');
      expect(deskResult.agentId).toBe(desk);
      const deskDocs = new Set(
        (JSON.parse(deskResult.output) as SourcesOutput).sources.map((s) => documentOf(s.itemId)),
      );
      expect(deskDocs).toEqual(new Set([ids.faq]));
      const deskSearches = swarm
        .events('MemorySearchRequested')
        .filter((r) => r.envelope.goalId === forDesk && r.requester === desk);
      expect(deskSearches.length).toBeGreaterThan(0);
      expect(deskSearches.map((r) => r.maxVisibility)).toEqual(deskSearches.map(() => 'public'));
      const staffSearches = swarm
        .events('MemorySearchRequested')
        .filter((r) => r.envelope.goalId === forStaff && r.requester === staff);
      expect(staffSearches.map((r) => r.maxVisibility)).toEqual(['internal']);
    },
  );

  it(
    'hands a request no public document answers to a person, saying so, instead of failing or answering',
    { timeout: 180_000 },
    async () => {
      const message = 'What are the symptoms of vitamin D deficiency?';
      const goalId = await swarm.submit({
        goal: 'Answer this customer',
        workflow: 'support',
        inputs: { message },
      });
      const end = await goalEnds(goalId);
      expect('output' in end, `the goal completed: ${JSON.stringify(end)}`).toBe(true);

      // Finding nothing is accepted, but scored below a retrieval that found sources.
      const retrieved = resultOf(goalId, 'retrieve');
      expect((JSON.parse(retrieved.output) as SourcesOutput).sources).toEqual([]);
      const retrieveVerdict = swarm
        .events('TaskEvaluated')
        .find((e) => e.taskId === `${goalId}/retrieve` && e.verdict === 'ACCEPTED')!;
      expect(retrieveVerdict.score).toBeLessThan(1);
      expect(retrieveVerdict.feedback).toContain('nothing was found that this step may quote');

      const reply = JSON.parse(resultOf(goalId, 'respond').output) as TextOutput;
      expect(reply.text).toContain(message);
      expect(reply.text).toContain('There is no documented answer to your question');
      expect(reply.text).not.toMatch(/vitamin D (?:helps|is)|sunlight|supplement/i);

      const handOver = JSON.parse(resultOf(goalId, 'escalate').output) as EscalationOutput;
      expect(handOver.reason).toContain(
        'no document the customer may be quoted answers the request',
      );
      expect(handOver.summary).toContain('There is no documented answer');
      expect((end as { output: string }).output).toContain(
        'no document the customer may be quoted',
      );
    },
  );
});
