import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '@agora/contracts/testing';
import { describe, expect, it } from 'vitest';
import { renderAgents } from './agents.command';
import { renderGoals, type GoalSummary } from './goals.command';
import { readDocuments } from './memory-ingest.command';
import { buildGoalSubmitted, parseInputs, plannerVerdict } from './submit.command';

describe('agora submit', () => {
  it('builds a GoalSubmitted with inputs and a budget', () => {
    const e = buildGoalSubmitted(
      'Research Kafka',
      {
        workflow: 'research',
        input: ['audience=ops', 'depth=2'],
        maxTasks: 8,
        maxWait: 2.5,
        priority: 3,
        timeout: 1,
      },
      'g-9',
    );
    expect(e.envelope.goalId).toBe('g-9');
    expect(e.inputs).toEqual({ audience: 'ops', depth: '2' });
    expect(e.budget).toEqual({ deadlineAt: null, maxTasks: 8, maxCostUsd: null, maxWaitMs: 2500 });
    expect(e.priority).toBe(3);
    expect(e.workflow).toBe('research');
  });

  it('names a malformed input and refuses an empty goal', () => {
    expect(() => parseInputs(['ok=1', 'broken'])).toThrow(
      "--input expects key=value, got 'broken'",
    );
    expect(() => buildGoalSubmitted('  ', { input: [], timeout: 1 })).toThrow(
      'the goal text is empty',
    );
  });
});

describe('agora submit, before it publishes', () => {
  const url = 'http://planner:3000';
  const workflows = {
    answered: true as const,
    status: 200,
    body: { items: [{ name: 'research' }, { name: 'triage' }] },
  };
  const down = { answered: false as const, reason: 'ECONNREFUSED' };

  it('refuses a workflow the planner does not know, naming the ones it does', () => {
    expect(plannerVerdict(url, workflows, { workflow: 'marketing' })).toEqual({
      error:
        "unknown workflow 'marketing': the planner at http://planner:3000 knows research, triage",
    });
    expect(plannerVerdict(url, workflows, { workflow: 'triage', follow: true })).toBeUndefined();
    // A planner without GET /workflows leaves the judgement to the planner.
    expect(
      plannerVerdict(url, { answered: true, status: 404, body: {} }, { workflow: 'x' }),
    ).toBeUndefined();
  });

  it('refuses to follow or check a workflow without a planner, and only warns otherwise', () => {
    const follow = plannerVerdict(url, down, { follow: true });
    expect(follow && 'error' in follow && follow.error).toMatch(
      /^the planner at http:\/\/planner:3000 is not answering \(ECONNREFUSED\).*\nStart the services with `npm start -- --no-goal`/,
    );
    expect(plannerVerdict(url, down, { workflow: 'research' })).toHaveProperty('error');
    expect(plannerVerdict(url, down, {})).toEqual({
      warning: expect.stringMatching(
        /^warning: the planner .* waits on Kafka until a planner runs/,
      ),
    });
  });
});

describe('agora agents', () => {
  it('lists live agents with load and reputation, hiding stale ones unless asked', () => {
    const hb = sampleEvent('AgentHeartbeat');
    const now = 1_000_000;
    const live = {
      ...hb,
      agentId: 'a-live',
      status: 'ONLINE' as const,
      capabilities: ['gather'],
      capacity: 2,
      activeTasks: 1,
      intervalMs: 1000,
      envelope: { ...hb.envelope, occurredAt: now - 500 },
    };
    const stale = {
      ...live,
      agentId: 'a-stale',
      envelope: { ...hb.envelope, occurredAt: now - 60_000 },
    };
    const rep = sampleEvent('AgentReputation');
    const reputations = new Map([
      [
        'a-live',
        {
          ...rep,
          agentId: 'a-live',
          capabilities: [{ capability: 'gather', score: 0.875, samples: 4, failures: 0 }],
        },
      ],
    ]);
    const rows = renderAgents([stale, live], reputations, now, false);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^a-live\s+ONLINE\s+load 1\/2\s+gather 0\.88 \(4\)$/);
    expect(renderAgents([stale, live], reputations, now, true).join('\n')).toMatch(
      /a-stale\s+ONLINE, last seen 60 s ago/,
    );
  });
});

describe('agora memory ingest', () => {
  it('reads Markdown and text files recursively, titled by their first heading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-docs-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.md'), 'intro\n# Partitions\nBody');
    writeFileSync(join(dir, 'sub', 'b.txt'), 'plain text');
    writeFileSync(join(dir, 'c.png'), 'x');
    const docs = await readDocuments(dir);
    expect(docs.map((d) => [d.id, d.title, d.source])).toEqual([
      ['doc:a.md', 'Partitions', 'a.md'],
      ['doc:sub/b.txt', 'b', 'sub/b.txt'],
    ]);
  });

  it('takes a visibility from front matter (not stored), else from --visibility', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-docs-'));
    writeFileSync(join(dir, 'faq.md'), '---\nvisibility: public\n---\n# FAQ\nAnswers');
    writeFileSync(join(dir, 'notes.md'), '# Notes\nStaff notes');
    const docs = await readDocuments(dir, 'internal');
    expect(docs.map((d) => [d.id, d.title, d.visibility, d.content])).toEqual([
      ['doc:faq.md', 'FAQ', 'public', '# FAQ\nAnswers'],
      ['doc:notes.md', 'Notes', 'internal', '# Notes\nStaff notes'],
    ]);
    expect((await readDocuments(dir))[1]).not.toHaveProperty('visibility');
    writeFileSync(join(dir, 'bad.md'), '---\nvisibility: secret\n---\nx');
    await expect(readDocuments(dir)).rejects.toThrow(
      'bad.md: front matter visibility: expected one of public, internal, restricted, got "secret"',
    );
  });
});

describe('agora goals', () => {
  const goal = (over: Partial<GoalSummary> = {}): GoalSummary => ({
    goalId: '6f1c2d3e-0000-4000-8000-000000000001',
    goal: 'Explain   consumer groups',
    workflow: 'research',
    state: 'completed',
    createdAt: '2026-11-28T10:00:00.000Z',
    ...over,
  });

  it('prints each goal with the id agora goal takes', () => {
    expect(renderGoals([goal()], 1)).toEqual([
      '6f1c2d3e-0000-4000-8000-000000000001  completed  research  Explain consumer groups',
    ]);
    expect(renderGoals([goal()], 7).at(-1)).toBe('(1 of 7; --limit shows more)');
  });

  it('says none match a state filter rather than that there are no goals', () => {
    expect(renderGoals([], 0, 'failed')).toEqual(['no failed goals']);
    expect(renderGoals([], 0)[0]).toMatch(/^no goals yet/);
  });
});
