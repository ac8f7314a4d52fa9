import { randomUUID } from 'node:crypto';
import { sampleEvent } from '@agora/contracts/testing';
import type { EventMap } from '@agora/contracts';
import { describe, expect, it } from 'vitest';
import { GoalProgress } from './goal-progress';

const goalId = 'g-1';
// Each event its own id, as on Kafka: the progress view drops an id it has shown.
const env = (e: { envelope: EventMap['GoalPlanned']['envelope'] }) => ({
  ...e.envelope,
  goalId,
  eventId: randomUUID(),
});

describe('GoalProgress', () => {
  it('shows the graph, the auction with bidders and winner, results, scores and the end', () => {
    const p = new GoalProgress(goalId, 1_000);
    const planned = sampleEvent('GoalPlanned');
    const lines: string[] = [];
    lines.push(
      ...p.apply(
        'GoalPlanned',
        {
          ...planned,
          envelope: env(planned),
          workflow: 'research',
          tasks: [
            {
              taskId: 'g-1/gather',
              name: 'gather',
              capability: 'gather',
              dependsOn: [],
              input: null,
            },
            {
              taskId: 'g-1/report',
              name: 'report',
              capability: 'report',
              dependsOn: ['g-1/gather'],
              input: null,
            },
          ],
        },
        1_500,
      ),
    );
    const cfp = sampleEvent('CallForProposals');
    lines.push(
      ...p.apply(
        'CallForProposals',
        {
          ...cfp,
          envelope: env(cfp),
          taskId: 'g-1/gather',
          capability: 'gather',
          attempt: 1,
          round: 1,
        },
        1_600,
      ),
    );
    const bid = sampleEvent('BidSubmitted');
    expect(
      p.apply(
        'BidSubmitted',
        {
          ...bid,
          envelope: env(bid),
          taskId: 'g-1/gather',
          attempt: 1,
          agentId: 'a-1',
          decision: 'BID',
          cost: 0.01,
          estimatedDurationMs: 1200,
          confidence: 0.9,
        },
        1_650,
      ),
    ).toEqual([]);
    p.apply(
      'BidSubmitted',
      {
        ...bid,
        envelope: env(bid),
        taskId: 'g-1/gather',
        attempt: 1,
        agentId: 'a-2',
        decision: 'REFUSE',
        refusalReason: 'busy',
      },
      1_660,
    );
    const award = sampleEvent('TaskAwarded');
    lines.push(
      ...p.apply(
        'TaskAwarded',
        {
          ...award,
          envelope: env(award),
          taskId: 'g-1/gather',
          attempt: 1,
          agentId: 'a-1',
          score: 0.8123,
          bidders: ['a-1'],
        },
        1_700,
      ),
    );
    const ev = sampleEvent('TaskEvaluated');
    lines.push(
      ...p.apply(
        'TaskEvaluated',
        {
          ...ev,
          envelope: env(ev),
          taskId: 'g-1/gather',
          verdict: 'REJECTED',
          score: 0.4,
          feedback: 'quote not found',
        },
        2_000,
      ),
    );
    const completed = sampleEvent('TaskCompleted');
    for (const [taskId, at] of [
      ['g-1/gather', 3_000],
      ['g-1/report', 4_000],
    ] as const) {
      lines.push(
        ...p.apply(
          'TaskCompleted',
          {
            ...completed,
            envelope: env(completed),
            taskId,
            agentId: 'a-1',
            usage: { durationMs: 300, inputTokens: 0, outputTokens: 0, costUsd: 0.02, model: null },
          },
          at,
        ),
      );
    }
    const done = sampleEvent('GoalCompleted');
    lines.push(
      ...p.apply(
        'GoalCompleted',
        {
          ...done,
          envelope: env(done),
          usage: {
            ...done.usage,
            inputTokens: 0,
            outputTokens: 0,
            tasks: 2,
            attempts: 3,
            durationMs: 4200,
          },
        },
        5_200,
      ),
    );

    expect(lines[0]).toBe('[  0.5 s] planned with workflow research: 2 tasks');
    expect(lines).toContain('         report [report] ← gather');
    expect(lines).toContain('[  0.6 s] gather: call for proposals (gather)');
    expect(lines).toContain('[  0.7 s] gather: awarded to a-1 (score 0.81); 1 bidder, 1 refused');
    expect(lines).toContain('           bid: a-1 ($0.010, ~1.2 s, confidence 0.90)');
    expect(lines).toContain('[  1.0 s] gather: rejected, score 0.40 — quote not found');
    expect(lines).toContain('[  2.0 s] gather: completed by a-1 (offline) in 0.3 s, $0.0200');
    expect(lines.slice(-2)).toEqual([
      '[  4.2 s] goal completed: 2 tasks, 3 attempts, 4.2 s',
      '         mode: offline (deterministic skills; configure a model for real agents: see README "Real agents")',
    ]);
    expect(p.done).toBe(true);
    expect(p.outcome).toBe('completed');
  });

  it("ignores other goals' events", () => {
    const p = new GoalProgress(goalId, 0);
    const failed = sampleEvent('GoalFailed');
    expect(
      p.apply('GoalFailed', { ...failed, envelope: { ...failed.envelope, goalId: 'other' } }, 10),
    ).toEqual([]);
    expect(p.done).toBe(false);
  });

  it('shows a task waiting for capacity, and a redelivered award once', () => {
    const p = new GoalProgress(goalId, 0);
    const wait = sampleEvent('TaskWaiting');
    const line = p.apply(
      'TaskWaiting',
      {
        ...wait,
        envelope: { ...wait.envelope, goalId },
        taskId: `${goalId}/classify`,
        reason: "1 agent has capability 'classify' and all are busy (3 of 3 slots taken)",
      },
      1_500,
    );
    expect(line).toEqual([
      "[  1.5 s] classify: waiting for capacity: 1 agent has capability 'classify' and all are busy (3 of 3 slots taken)",
    ]);
    const award = sampleEvent('TaskAwarded');
    const mine = {
      ...award,
      envelope: { ...award.envelope, goalId },
      taskId: `${goalId}/classify`,
    };
    expect(p.apply('TaskAwarded', mine, 2_000)).toHaveLength(1);
    expect(p.apply('TaskAwarded', mine, 2_100)).toEqual([]);
  });

  it('says a plan without a workflow was made by the model', () => {
    const p = new GoalProgress(goalId, 0);
    const planned = sampleEvent('GoalPlanned');
    const [line] = p.apply(
      'GoalPlanned',
      { ...planned, envelope: env(planned), workflow: null, source: 'model', tasks: [] },
      1_000,
    );
    expect(line).toBe('[  1.0 s] planned by the model: 0 tasks');
  });

  it('shows an award once even when bids come between its copies, and marks late bids', () => {
    const p = new GoalProgress(goalId, 0);
    const taskId = `${goalId}/gather`;
    const bidEvent = sampleEvent('BidSubmitted');
    const bid = (agentId: string, decision: 'BID' | 'REFUSE' = 'BID') => ({
      ...bidEvent,
      envelope: { ...env(bidEvent), eventId: `bid-${agentId}` },
      taskId,
      attempt: 1,
      agentId,
      decision,
      cost: 0.02,
      estimatedDurationMs: 1500,
      confidence: 0.8,
      refusalReason: decision === 'REFUSE' ? 'busy' : null,
    });
    for (const b of [bid('a-1'), bid('a-2'), bid('a-3', 'REFUSE')]) p.apply('BidSubmitted', b, 100);
    const awardEvent = sampleEvent('TaskAwarded');
    const award = {
      ...awardEvent,
      envelope: env(awardEvent),
      taskId,
      attempt: 1,
      agentId: 'a-1',
      score: 0.5,
      bidders: ['a-1'],
    };
    expect(p.apply('TaskAwarded', award, 200)).toEqual([
      '[  0.2 s] gather: awarded to a-1 (score 0.50); 1 bidder, 1 refused',
      '           bid: a-1 ($0.020, ~1.5 s, confidence 0.80)',
      '           late bid: a-2 ($0.020, ~1.5 s, confidence 0.80), after the round closed',
    ]);
    expect(p.apply('BidSubmitted', bid('a-4'), 250)).toEqual([
      '           late bid: a-4 ($0.020, ~1.5 s, confidence 0.80), after the award',
    ]);
    // The same award again, as a redelivery and as a copy with another event id.
    expect(p.apply('TaskAwarded', award, 300)).toEqual([]);
    expect(
      p.apply('TaskAwarded', { ...award, envelope: { ...award.envelope, eventId: 'copy' } }, 300),
    ).toEqual([]);
    // A redelivered bid is not shown again either.
    expect(p.apply('BidSubmitted', bid('a-4'), 350)).toEqual([]);
  });
});

describe('GoalProgress, models streaming text', () => {
  const delta = (over: Partial<EventMap['TaskOutputDelta']>): EventMap['TaskOutputDelta'] => {
    const sample = sampleEvent('TaskOutputDelta');
    return {
      ...sample,
      envelope: env(sample),
      taskId: 'g-1/answer',
      attempt: 1,
      agentId: 'writer-1',
      seq: 1,
      turn: 1,
      ...over,
    };
  };

  it('writes text as it comes, indented under its task, and ends it before the next line', () => {
    const p = new GoalProgress(goalId, 1_000);
    let out = '';
    out += p.render('TaskOutputDelta', delta({ text: 'Kafka keeps ' }), 2_000);
    out += p.render('TaskOutputDelta', delta({ seq: 2, text: 'order.\nPer partition.' }), 2_200);
    // A repeated piece (same event id, redelivered) is written once.
    const third = delta({ seq: 3, text: ' Done.' });
    out += p.render('TaskOutputDelta', third, 2_300);
    out += p.render('TaskOutputDelta', third, 2_300);
    const done = sampleEvent('TaskCompleted');
    out += p.render(
      'TaskCompleted',
      {
        ...done,
        envelope: env(done),
        taskId: 'g-1/answer',
        agentId: 'writer-1',
        usage: { ...done.usage, durationMs: 1_500, costUsd: 0 },
      },
      2_500,
    );
    expect(out).toBe(
      [
        '[  1.0 s] answer: writer-1 writes:',
        '         │ Kafka keeps order.',
        '         │ Per partition. Done.',
        '[  1.5 s] answer: completed by writer-1 (ollama/llama3.1:8b) in 1.5 s',
        '',
      ].join('\n'),
    );
    expect(p.apply('TaskOutputDelta', delta({ text: 'x' }), 3_000)).toEqual([]);
  });

  it('starts a new line for a new model turn, and a new heading for another attempt or task', () => {
    const p = new GoalProgress(goalId, 0);
    let out = '';
    out += p.render('TaskOutputDelta', delta({ text: 'Let me search.' }), 100);
    out += p.render('TaskOutputDelta', delta({ seq: 2, turn: 2, text: 'Kafka.' }), 200);
    out += p.render('TaskOutputDelta', delta({ attempt: 2, text: 'Again.' }), 300);
    out += p.render(
      'TaskOutputDelta',
      delta({ taskId: 'g-1/other', agentId: 'b', text: 'x' }),
      400,
    );
    const elsewhere = delta({ text: 'not ours' });
    out += p.render(
      'TaskOutputDelta',
      { ...elsewhere, envelope: { ...elsewhere.envelope, goalId: 'g-2' } },
      400,
    );
    expect(out.split('\n')).toEqual([
      '[  0.1 s] answer: writer-1 writes:',
      '         │ Let me search.',
      '         │ Kafka.',
      '[  0.3 s] answer: writer-1 writes (attempt 2):',
      '         │ Again.',
      '[  0.4 s] other: b writes:',
      '         │ x',
    ]);
  });
});
