import { consoleEvents as ev } from './testing';
import type { EventMap } from '@agora/contracts';
import { describe, expect, it } from 'vitest';
import type { ConsoleEventType } from './console-events';
import { ConsoleReadModel } from './console-read-model';
import { DEFAULT_GOAL_LIMIT } from './goal-query';
import { MAX_ATTEMPT_OUTPUT_CHARS } from './goal-record';

const T0 = 1_700_000_000_000;
const G = 'goal-1';
const at = (ms: number, goalId: string | null = G) => ({ at: T0 + ms, goalId });

type Item = { [T in ConsoleEventType]: [T, EventMap[T]] }[ConsoleEventType];

function model(now = T0 + 60_000, maxGoals = 5_000): ConsoleReadModel {
  return new ConsoleReadModel({ clock: () => now, maxGoals });
}

function applyAll(m: ConsoleReadModel, items: readonly Item[]): void {
  for (const [type, event] of items) m.apply(type, event);
}

const plan = (goalId = G) =>
  ev.goalPlanned(at(10, goalId), {
    workflow: 'research',
    tasks: [
      {
        taskId: `${goalId}-gather`,
        name: 'gather',
        capability: 'gather',
        dependsOn: [],
        input: null,
      },
      {
        taskId: `${goalId}-report`,
        name: 'report',
        capability: 'report',
        dependsOn: [`${goalId}-gather`],
        input: null,
      },
    ],
  });

/** One goal's whole life, in the order the platform produces it. */
function happyGoal(goalId = G): Item[] {
  const gather = `${goalId}-gather`;
  const report = `${goalId}-report`;
  return [
    [
      'GoalSubmitted',
      ev.goalSubmitted(at(0, goalId), { goal: 'Why Kafka?', workflow: 'research' }),
    ],
    ['GoalPlanned', plan(goalId)],
    ['TaskReady', ev.taskReady(at(20, goalId), { taskId: gather })],
    [
      'CallForProposals',
      ev.callForProposals(at(30, goalId), { taskId: gather, invitedAgents: ['a', 'b', 'c'] }),
    ],
    ['BidSubmitted', ev.bid(at(40, goalId), { taskId: gather, agentId: 'a', cost: 0.03 })],
    [
      'BidSubmitted',
      ev.refusal(at(45, goalId), { taskId: gather, agentId: 'c', refusalReason: 'full' }),
    ],
    ['BidSubmitted', ev.bid(at(50, goalId), { taskId: gather, agentId: 'b', cost: 0.01 })],
    [
      'TaskAwarded',
      ev.taskAwarded(at(70, goalId), {
        taskId: gather,
        agentId: 'b',
        score: 0.9,
        bidders: ['a', 'b'],
      }),
    ],
    [
      'TaskProgress',
      ev.taskProgress(at(80, goalId), { taskId: gather, agentId: 'b', progress: 0.5 }),
    ],
    [
      'TaskCompleted',
      ev.taskCompleted(at(100, goalId), { taskId: gather, agentId: 'b', usage: ev.usage(0.01) }),
    ],
    ['TaskEvaluated', ev.taskEvaluated(at(120, goalId), { taskId: gather, agentId: 'b' })],
    [
      'TaskReady',
      ev.taskReady(at(130, goalId), { taskId: report, name: 'report', capability: 'report' }),
    ],
    [
      'TaskAwarded',
      ev.taskAwarded(at(190, goalId), {
        taskId: report,
        agentId: 'a',
        taskName: 'report',
        capability: 'report',
      }),
    ],
    [
      'TaskCompleted',
      ev.taskCompleted(at(200, goalId), {
        taskId: report,
        agentId: 'a',
        capability: 'report',
        usage: ev.usage(0.03),
      }),
    ],
    [
      'TaskEvaluated',
      ev.taskEvaluated(at(210, goalId), { taskId: report, agentId: 'a', capability: 'report' }),
    ],
    [
      'GoalCompleted',
      ev.goalCompleted(at(220, goalId), { output: '# Why Kafka', usage: ev.goalUsage(0.04) }),
    ],
  ];
}

describe('ConsoleReadModel: a goal from submission to completion', () => {
  it('shows the goal, its tasks, bids and timeline', () => {
    const m = model();
    const items = happyGoal();
    const [[type, event], ...rest] = items as [Item, ...Item[]];
    m.apply(type, event, { traceId: 'ab'.repeat(16) });
    applyAll(m, rest);

    expect(m.goalRow(G)).toEqual({
      goalId: G,
      goal: 'Why Kafka?',
      workflow: 'research',
      state: 'completed',
      createdAt: T0,
      finishedAt: T0 + 220,
      costUsd: 0.04,
      tasks: { total: 2, accepted: 2 },
      failure: null,
    });
    const detail = m.goalDetail(G)!;
    expect(detail).toMatchObject({
      traceId: 'ab'.repeat(16),
      output: '# Why Kafka',
      planSource: 'workflow',
      usage: { costUsd: 0.04 },
    });
    expect(detail.tasks.map((t) => [t.name, t.state, t.dependsOn])).toEqual([
      ['gather', 'accepted', []],
      ['report', 'accepted', [`${G}-gather`]],
    ]);
    const gather = detail.tasks[0]!.attempts[0]!;
    expect(gather).toMatchObject({
      attempt: 1,
      readyAt: T0 + 20,
      invited: ['a', 'b', 'c'],
      award: { agentId: 'b', score: 0.9, round: 1, bidders: ['a', 'b'], at: T0 + 70 },
      progress: { progress: 0.5, at: T0 + 80 },
      result: { kind: 'completed', agentId: 'b', usage: { costUsd: 0.01 } },
      evaluation: { verdict: 'ACCEPTED', score: 1 },
    });
    expect(gather.bids.map((b) => [b.agentId, b.decision, b.winner, b.score, b.late])).toEqual([
      ['a', 'BID', false, null, false],
      ['c', 'REFUSE', false, null, false],
      ['b', 'BID', true, 0.9, false],
    ]);
    expect(gather.bids[1]!.refusalReason).toBe('full');

    expect(detail.timeline).toHaveLength(items.length);
    expect(detail.timeline[0]).toMatchObject({ type: 'GoalSubmitted', gapMs: 0, taskId: null });
    expect(detail.timeline[7]).toMatchObject({
      type: 'TaskAwarded',
      taskId: `${G}-gather`,
      taskName: 'gather',
      attempt: 1,
      gapMs: 20,
      summary: 'awarded to b (score 0.90, round 1); 2 bidders',
    });
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'GoalCompleted', gapMs: 10 });
  });

  it('moves through submitted, planned, running and the states of its task', () => {
    const m = model();
    const items = happyGoal();
    const seen: string[] = [];
    const taskStates: string[] = [];
    for (const [type, event] of items) {
      m.apply(type, event);
      seen.push(m.goalRow(G)!.state);
      taskStates.push(m.goalDetail(G)!.tasks[0]?.state ?? '-');
    }
    expect(seen.slice(0, 3)).toEqual(['submitted', 'planned', 'running']);
    expect(seen.at(-1)).toBe('completed');
    expect(taskStates.slice(0, 11)).toEqual([
      '-',
      'pending',
      'ready',
      'bidding',
      'bidding',
      'bidding',
      'bidding',
      'running',
      'running',
      'evaluating',
      'accepted',
    ]);
  });

  it('sums the cost of completed attempts until the goal reports its own', () => {
    const m = model();
    applyAll(m, happyGoal().slice(0, 10));
    expect(m.goalRow(G)!.costUsd).toBeCloseTo(0.01);
  });
});

describe('ConsoleReadModel: events in any order', () => {
  it('gives the same views whatever the order across topics', () => {
    const inOrder = model();
    applyAll(inOrder, happyGoal());
    const reversed = model();
    applyAll(reversed, [...happyGoal()].reverse());
    // Shuffled deterministically: every third event first.
    const items = happyGoal();
    const shuffled = model();
    applyAll(shuffled, [
      ...items.filter((_, i) => i % 3 === 0),
      ...items.filter((_, i) => i % 3 !== 0),
    ]);

    const strip = (m: ConsoleReadModel) => {
      const d = m.goalDetail(G)!;
      return { ...d, timeline: d.timeline.map((t) => [t.type, t.at, t.taskName]) };
    };
    expect(strip(reversed)).toEqual(strip(inOrder));
    expect(strip(shuffled)).toEqual(strip(inOrder));
  });

  it('an award read before its TaskReady, and tasks before their plan', () => {
    const m = model();
    const task = `${G}-report`;
    m.apply(
      'TaskAwarded',
      ev.taskAwarded(at(190), {
        taskId: task,
        agentId: 'a',
        taskName: 'report',
        capability: 'report',
      }),
    );
    expect(m.goalRow(G)).toMatchObject({ state: 'running', goal: '', createdAt: T0 + 190 });
    expect(m.goalDetail(G)!.tasks[0]).toMatchObject({ name: 'report', state: 'running' });
    expect(m.swarm().allocation.samples).toBe(0);

    m.apply(
      'TaskReady',
      ev.taskReady(at(130), { taskId: task, name: 'report', capability: 'report' }),
    );
    expect(m.swarm().allocation).toEqual({ p50Ms: 60, p99Ms: 60, samples: 1 });
    m.apply('GoalPlanned', plan());
    m.apply('GoalSubmitted', ev.goalSubmitted(at(0), { goal: 'Why Kafka?' }));
    const detail = m.goalDetail(G)!;
    expect(detail.createdAt).toBe(T0);
    expect(detail.goal).toBe('Why Kafka?');
    // Plan order, whatever order the tasks were heard of.
    expect(detail.tasks.map((t) => [t.name, t.state])).toEqual([
      ['gather', 'pending'],
      ['report', 'running'],
    ]);
    expect(detail.timeline.map((t) => t.type)).toEqual([
      'GoalSubmitted',
      'GoalPlanned',
      'TaskReady',
      'TaskAwarded',
    ]);
  });

  it('orders events of the same millisecond as they happen in a goal, not as they were read', () => {
    const m = model();
    const task = `${G}-gather`;
    m.apply('TaskReady', ev.taskReady(at(10), { taskId: task }));
    m.apply('GoalCompleted', ev.goalCompleted(at(40)));
    m.apply('TaskEvaluated', ev.taskEvaluated(at(40), { taskId: task, agentId: 'a' }));
    m.apply('GoalPlanned', plan());
    m.apply('GoalSubmitted', ev.goalSubmitted(at(10)));
    expect(m.goalDetail(G)!.timeline.map((t) => [t.type, t.gapMs])).toEqual([
      ['GoalSubmitted', 0],
      ['GoalPlanned', 0],
      ['TaskReady', 0],
      ['TaskEvaluated', 30],
      ['GoalCompleted', 0],
    ]);
  });

  it('an end read before the plan ends the goal all the same', () => {
    const m = model();
    m.apply(
      'GoalFailed',
      ev.goalFailed(at(500), { code: 'deadline_exceeded', reason: 'too late' }),
    );
    m.apply('GoalSubmitted', ev.goalSubmitted(at(0)));
    m.apply('GoalPlanned', plan());
    m.apply('TaskReady', ev.taskReady(at(20), { taskId: `${G}-gather` }));
    expect(m.goalRow(G)).toMatchObject({
      state: 'failed',
      finishedAt: T0 + 500,
      failure: { code: 'deadline_exceeded', reason: 'too late' },
    });
    expect(m.goalDetail(G)!.output).toBeNull();
  });

  it('the first result of an attempt stands, whichever is read first', () => {
    const m = model();
    const task = `${G}-gather`;
    m.apply(
      'TaskFailed',
      ev.taskFailed(at(300), { taskId: task, agentId: 'b', code: 'lease_expired' }),
    );
    m.apply('TaskCompleted', ev.taskCompleted(at(200), { taskId: task, agentId: 'b' }));
    expect(m.goalDetail(G)!.tasks[0]!.attempts[0]!.result).toMatchObject({ kind: 'completed' });
  });
});

describe('ConsoleReadModel: delivered twice', () => {
  it('ignores an event it has read, by eventId', () => {
    const m = model(T0 + 1_000);
    const items = happyGoal();
    applyAll(m, items);
    const before = JSON.stringify([m.goalDetail(G), m.swarm()]);
    for (const [type, event] of items) {
      expect(m.apply(type, event)).toEqual({ ignored: true, goalId: null, agentId: null });
    }
    expect(JSON.stringify([m.goalDetail(G), m.swarm()])).toBe(before);
    expect(m.swarm().series.reduce((n, b) => n + b.submitted, 0)).toBe(1);
    expect(m.swarm().throughput.tasksPerMinute).toBe(2);
  });

  it('keeps one bid per agent and round, even when the bid is sent again as a new event', () => {
    const m = model();
    const task = `${G}-gather`;
    m.apply('BidSubmitted', ev.bid(at(40), { taskId: task, agentId: 'a', cost: 0.03 }));
    m.apply('BidSubmitted', ev.bid(at(41), { taskId: task, agentId: 'a', cost: 0.02 }));
    m.apply('BidSubmitted', ev.bid(at(60), { taskId: task, agentId: 'a', round: 2 }));
    const bids = m.goalDetail(G)!.tasks[0]!.attempts[0]!.bids;
    expect(bids.map((b) => [b.round, b.cost])).toEqual([
      [1, 0.02],
      [2, 0.02],
    ]);
  });

  it('counts a dead letter once', () => {
    const m = model();
    const letter = ev.deadLetter(at(5, null));
    m.apply('DeadLetter', letter);
    m.apply('DeadLetter', letter);
    expect(m.swarm().deadLetters).toBe(1);
  });
});

describe('ConsoleReadModel: bids', () => {
  const task = `${G}-gather`;

  it('marks a bid sent after the award as late, and the winner by agent and round', () => {
    const m = model();
    m.apply('TaskReady', ev.taskReady(at(0), { taskId: task }));
    m.apply('BidSubmitted', ev.bid(at(10), { taskId: task, agentId: 'a' }));
    m.apply('BidSubmitted', ev.bid(at(15), { taskId: task, agentId: 'b' }));
    // The late bid is read before the award it came after.
    m.apply('BidSubmitted', ev.bid(at(90), { taskId: task, agentId: 'c' }));
    m.apply('TaskAwarded', ev.taskAwarded(at(50), { taskId: task, agentId: 'b', score: 0.8 }));
    const bids = m.goalDetail(G)!.tasks[0]!.attempts[0]!.bids;
    expect(bids.map((b) => [b.agentId, b.late, b.winner, b.score])).toEqual([
      ['a', false, false, null],
      ['b', false, true, 0.8],
      ['c', true, false, null],
    ]);
  });

  it("shows each counted bid's score from the award, and none for a late bid", () => {
    const m = model();
    m.apply('BidSubmitted', ev.bid(at(10), { taskId: task, agentId: 'a' }));
    m.apply('BidSubmitted', ev.bid(at(15), { taskId: task, agentId: 'b' }));
    m.apply('BidSubmitted', ev.bid(at(90), { taskId: task, agentId: 'c' }));
    m.apply(
      'TaskAwarded',
      ev.taskAwarded(at(50), {
        taskId: task,
        agentId: 'b',
        score: 0.8,
        scores: [
          { agentId: 'b', score: 0.8 },
          { agentId: 'a', score: 0.55 },
        ],
      }),
    );
    const bids = m.goalDetail(G)!.tasks[0]!.attempts[0]!.bids;
    expect(bids.map((b) => [b.agentId, b.score])).toEqual([
      ['a', 0.55],
      ['b', 0.8],
      ['c', null],
    ]);
  });

  it('a bid of the winner in another round is not the winning one', () => {
    const m = model();
    m.apply('BidSubmitted', ev.bid(at(10), { taskId: task, agentId: 'b', round: 1 }));
    m.apply('BidSubmitted', ev.bid(at(30), { taskId: task, agentId: 'b', round: 2 }));
    m.apply('TaskAwarded', ev.taskAwarded(at(50), { taskId: task, agentId: 'b', round: 2 }));
    const bids = m.goalDetail(G)!.tasks[0]!.attempts[0]!.bids;
    expect(bids.map((b) => [b.round, b.winner])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('marks bids of excluded agents, from the TaskReady or the call', () => {
    const m = model();
    m.apply('TaskReady', ev.taskReady(at(0), { taskId: task, attempt: 2, excludedAgents: ['a'] }));
    m.apply(
      'CallForProposals',
      ev.callForProposals(at(5), { taskId: task, attempt: 2, excludedAgents: ['d'] }),
    );
    m.apply('BidSubmitted', ev.bid(at(10), { taskId: task, attempt: 2, agentId: 'a' }));
    m.apply('BidSubmitted', ev.bid(at(11), { taskId: task, attempt: 2, agentId: 'b' }));
    m.apply('BidSubmitted', ev.bid(at(12), { taskId: task, attempt: 2, agentId: 'd' }));
    const attempt = m.goalDetail(G)!.tasks[0]!.attempts[0]!;
    expect(attempt.excludedAgents).toEqual(['a', 'd']);
    expect(attempt.bids.map((b) => [b.agentId, b.excluded])).toEqual([
      ['a', true],
      ['b', false],
      ['d', true],
    ]);
  });

  it("shows each bidder's current reputation for the task's capability", () => {
    const m = model();
    m.apply('BidSubmitted', ev.bid(at(10), { taskId: task, agentId: 'a' }));
    m.apply('BidSubmitted', ev.bid(at(11), { taskId: task, agentId: 'b' }));
    m.apply('TaskReady', ev.taskReady(at(0), { taskId: task, capability: 'gather' }));
    m.apply(
      'AgentReputation',
      ev.reputation(at(5, null), {
        agentId: 'a',
        capabilities: [
          { capability: 'report', score: 0.2, samples: 3, failures: 0 },
          { capability: 'gather', score: 0.75, samples: 4, failures: 1 },
        ],
      }),
    );
    const bids = m.goalDetail(G)!.tasks[0]!.attempts[0]!.bids;
    expect(bids.map((b) => [b.agentId, b.reputation])).toEqual([
      ['a', 0.75],
      ['b', null],
    ]);
  });
});

describe('ConsoleReadModel: retries', () => {
  const task = `${G}-gather`;

  it('follows the latest attempt, keeping every attempt with its feedback and exclusions', () => {
    const m = model();
    applyAll(m, [
      ['GoalSubmitted', ev.goalSubmitted(at(0))],
      ['GoalPlanned', plan()],
      ['TaskReady', ev.taskReady(at(20), { taskId: task })],
      ['TaskAwarded', ev.taskAwarded(at(30), { taskId: task, agentId: 'a' })],
      ['TaskCompleted', ev.taskCompleted(at(40), { taskId: task, agentId: 'a' })],
    ]);
    // Attempt 2 is read before attempt 1's verdict.
    m.apply(
      'TaskReady',
      ev.taskReady(at(60), {
        taskId: task,
        attempt: 2,
        excludedAgents: ['a'],
        feedback: 'cite sources',
      }),
    );
    expect(m.goalDetail(G)!.tasks[0]!.state).toBe('ready');
    m.apply(
      'TaskEvaluated',
      ev.taskEvaluated(at(50), {
        taskId: task,
        agentId: 'a',
        verdict: 'REJECTED',
        score: 0.3,
        feedback: 'cite sources',
      }),
    );
    expect(m.goalDetail(G)!.tasks[0]!.state).toBe('ready');
    m.apply(
      'TaskAwarded',
      ev.taskAwarded(at(80), { taskId: task, attempt: 2, agentId: 'b', feedback: 'cite sources' }),
    );
    m.apply(
      'TaskFailed',
      ev.taskFailed(at(90), {
        taskId: task,
        attempt: 2,
        agentId: 'b',
        code: 'timeout',
        retriable: false,
      }),
    );

    const detail = m.goalDetail(G)!;
    const [first, second] = detail.tasks[0]!.attempts;
    expect(detail.tasks[0]!.state).toBe('failed');
    expect(first).toMatchObject({
      attempt: 1,
      evaluation: { verdict: 'REJECTED', score: 0.3 },
      feedback: null,
    });
    expect(second).toMatchObject({
      attempt: 2,
      readyAt: T0 + 60,
      excludedAgents: ['a'],
      feedback: 'cite sources',
      award: { agentId: 'b' },
      result: { kind: 'failed', agentId: 'b', code: 'timeout', retriable: false },
    });
    // Each attempt's allocation counts: 10 ms and 20 ms.
    expect(m.swarm().allocation).toEqual({ p50Ms: 10, p99Ms: 20, samples: 2 });
    expect(detail.timeline.filter((t) => t.attempt === 2).map((t) => t.type)).toEqual([
      'TaskReady',
      'TaskAwarded',
      'TaskFailed',
    ]);
  });

  it('a task waits until a call goes out after the wait', () => {
    const m = model();
    m.apply('CallForProposals', ev.callForProposals(at(10), { taskId: task }));
    m.apply(
      'TaskWaiting',
      ev.taskWaiting(at(20), { taskId: task, reason: 'all busy', freeSlots: 0 }),
    );
    expect(m.goalDetail(G)!.tasks[0]!.state).toBe('waiting');
    expect(m.goalDetail(G)!.tasks[0]!.attempts[0]!.waiting).toMatchObject({
      reason: 'all busy',
      at: T0 + 20,
    });
    m.apply('CallForProposals', ev.callForProposals(at(30), { taskId: task, round: 2 }));
    expect(m.goalDetail(G)!.tasks[0]!.state).toBe('bidding');
  });
});

describe('ConsoleReadModel: bounded memory', () => {
  it('keeps the newest goals, drops the oldest with its tasks, and does not bring it back', () => {
    const m = model(T0 + 60_000, 3);
    for (const [i, id] of ['g1', 'g2', 'g3'].entries()) {
      m.apply('GoalSubmitted', ev.goalSubmitted(at(i * 100, id)));
      m.apply('TaskReady', ev.taskReady(at(i * 100 + 10, id), { taskId: `${id}-t` }));
    }
    expect(m.goalCount).toBe(3);
    const applied = m.apply('GoalSubmitted', ev.goalSubmitted(at(1_000, 'g4')));
    expect(applied.goalId).toBe('g4');
    expect(m.goalCount).toBe(3);
    expect(m.goalDetail('g1')).toBeUndefined();
    expect(m.listGoals({ limit: 10 }).map((g) => g.goalId)).toEqual(['g4', 'g3', 'g2']);

    // A straggler of the dropped goal is ignored.
    expect(
      m.apply('TaskCompleted', ev.taskCompleted(at(2_000, 'g1'), { taskId: 'g1-t', agentId: 'a' })),
    ).toEqual({
      ignored: true,
      goalId: null,
      agentId: null,
    });
    expect(m.goalCount).toBe(3);
    expect(m.goalDetail('g1')).toBeUndefined();
  });

  it('drops at once a goal read late that is older than every goal kept', () => {
    const m = model(T0 + 60_000, 2);
    m.apply('GoalSubmitted', ev.goalSubmitted(at(500, 'new-1')));
    m.apply('GoalSubmitted', ev.goalSubmitted(at(600, 'new-2')));
    expect(m.apply('GoalSubmitted', ev.goalSubmitted(at(0, 'old'))).ignored).toBe(true);
    expect(m.listGoals({ limit: 10 }).map((g) => g.goalId)).toEqual(['new-2', 'new-1']);
  });

  it('orders a goal by its submission once read, not by the first event heard', () => {
    const m = model(T0 + 60_000, 2);
    m.apply('TaskReady', ev.taskReady(at(900, 'a'), { taskId: 'a-t' }));
    m.apply('GoalSubmitted', ev.goalSubmitted(at(500, 'b')));
    m.apply('GoalSubmitted', ev.goalSubmitted(at(100, 'a')));
    expect(m.listGoals({ limit: 10 }).map((g) => g.goalId)).toEqual(['b', 'a']);
    m.apply('GoalSubmitted', ev.goalSubmitted(at(700, 'c')));
    expect(m.listGoals({ limit: 10 }).map((g) => g.goalId)).toEqual(['c', 'b']);
  });

  it('cuts a long task output, saying so', () => {
    const m = model();
    m.apply(
      'TaskCompleted',
      ev.taskCompleted(at(1), {
        taskId: 't',
        agentId: 'a',
        output: 'x'.repeat(MAX_ATTEMPT_OUTPUT_CHARS + 10),
      }),
    );
    const result = m.goalDetail(G)!.tasks[0]!.attempts[0]!.result;
    expect(result?.kind === 'completed' && result.output).toMatch(
      /x… \(10 more characters not kept by the console\)$|x\n\n… \(10 more characters/,
    );
  });
});

describe('ConsoleReadModel: listing goals', () => {
  function three(): ConsoleReadModel {
    const m = model();
    applyAll(m, [
      [
        'GoalSubmitted',
        ev.goalSubmitted(at(0, 'g-a'), { goal: 'Compare Kafka and Pulsar', workflow: 'research' }),
      ],
      [
        'GoalSubmitted',
        ev.goalSubmitted(at(10, 'g-b'), { goal: 'Translate the README', workflow: 'translate' }),
      ],
      [
        'GoalSubmitted',
        ev.goalSubmitted(at(20, 'g-c'), { goal: 'Kafka consumer lag', workflow: 'research' }),
      ],
      ['GoalCompleted', ev.goalCompleted(at(30, 'g-a'))],
      ['GoalFailed', ev.goalFailed(at(40, 'g-b'))],
    ]);
    return m;
  }
  const ids = (rows: { goalId: string }[]) => rows.map((r) => r.goalId);

  it('newest first, by state, workflow, text and limit', () => {
    const m = three();
    expect(ids(m.listGoals({ limit: DEFAULT_GOAL_LIMIT }))).toEqual(['g-c', 'g-b', 'g-a']);
    expect(ids(m.listGoals({ limit: 10, state: 'completed' }))).toEqual(['g-a']);
    expect(ids(m.listGoals({ limit: 10, state: 'failed' }))).toEqual(['g-b']);
    expect(ids(m.listGoals({ limit: 10, state: 'submitted' }))).toEqual(['g-c']);
    expect(ids(m.listGoals({ limit: 10, workflow: 'research' }))).toEqual(['g-c', 'g-a']);
    expect(ids(m.listGoals({ limit: 10, q: 'KAFKA' }))).toEqual(['g-c', 'g-a']);
    expect(ids(m.listGoals({ limit: 10, q: 'g-b' }))).toEqual(['g-b']);
    expect(ids(m.listGoals({ limit: 10, q: 'kafka', state: 'completed' }))).toEqual(['g-a']);
    expect(ids(m.listGoals({ limit: 2 }))).toEqual(['g-c', 'g-b']);
    expect(m.listGoals({ limit: 10, workflow: 'nope' })).toEqual([]);
  });
});

describe('ConsoleReadModel: the swarm', () => {
  it('counts goals by state, and submissions and ends in 10 s buckets of the last 10 minutes', () => {
    const now = T0 + 600_000;
    const m = model(now);
    applyAll(m, [
      ['GoalSubmitted', ev.goalSubmitted({ at: now - 5_000, goalId: 'g1' })],
      ['GoalSubmitted', ev.goalSubmitted({ at: now - 15_000, goalId: 'g2' })],
      ['GoalPlanned', ev.goalPlanned({ at: now - 14_000, goalId: 'g2' }, { tasks: [] })],
      ['GoalSubmitted', ev.goalSubmitted({ at: now - 25_000, goalId: 'g3' })],
      ['TaskReady', ev.taskReady({ at: now - 24_000, goalId: 'g3' }, { taskId: 'g3-t' })],
      ['GoalSubmitted', ev.goalSubmitted({ at: now - 3_600_000, goalId: 'old' })],
      ['GoalCompleted', ev.goalCompleted({ at: now - 3_500_000, goalId: 'old' })],
      ['GoalSubmitted', ev.goalSubmitted({ at: now - 30_000, goalId: 'g4' })],
      ['GoalCompleted', ev.goalCompleted({ at: now - 2_000, goalId: 'g4' })],
      ['GoalSubmitted', ev.goalSubmitted({ at: now - 40_000, goalId: 'g5' })],
      ['GoalFailed', ev.goalFailed({ at: now - 70_000, goalId: 'g5' })],
    ]);
    const swarm = m.swarm([{ group: 'agora.planner', topic: 'agora.goals.submitted', lag: 3 }]);
    expect(swarm.now).toBe(now);
    // g1 submitted and g2 planned: neither has started.
    expect(swarm.goals).toEqual({ submitted: 2, running: 1, completed: 2, failed: 1 });
    expect(swarm.series).toHaveLength(60);
    expect(swarm.series.at(-1)!.at).toBe(Math.floor(now / 10_000) * 10_000);
    expect(swarm.series.reduce((n, b) => n + b.submitted, 0)).toBe(5);
    expect(swarm.series.reduce((n, b) => n + b.completed, 0)).toBe(1);
    expect(swarm.series.reduce((n, b) => n + b.failed, 0)).toBe(1);
    // Completed in the last 60 s: g4 only (old ended an hour ago).
    expect(swarm.throughput.goalsPerMinute).toBe(1);
    expect(swarm.lag).toEqual([{ group: 'agora.planner', topic: 'agora.goals.submitted', lag: 3 }]);
    expect(swarm.allocation).toEqual({ p50Ms: null, p99Ms: null, samples: 0 });
  });

  it('takes allocation percentiles over the latest 500 awards', () => {
    const m = model(T0 + 100_000_000);
    for (let i = 0; i < 600; i++) {
      const goalId = `g${i}`;
      // The first 100 awards took 10 s each and are the oldest: they fall out of the sample.
      const latency = i < 100 ? 10_000 : i - 99;
      m.apply(
        'TaskAwarded',
        ev.taskAwarded(
          { at: T0 + i * 20_000 + latency, goalId },
          { taskId: `t${i}`, agentId: 'a' },
        ),
      );
      m.apply('TaskReady', ev.taskReady({ at: T0 + i * 20_000, goalId }, { taskId: `t${i}` }));
    }
    expect(m.swarm().allocation).toEqual({ p50Ms: 250, p99Ms: 495, samples: 500 });
  });
});

describe('ConsoleReadModel: agents', () => {
  it('keeps the latest heartbeat, read in any order, and says who is online', () => {
    const m = model(T0 + 10_000);
    m.apply('AgentHeartbeat', ev.heartbeat(at(9_000, null), { agentId: 'b', activeTasks: 1 }));
    m.apply('AgentHeartbeat', ev.heartbeat(at(5_000, null), { agentId: 'b', activeTasks: 2 }));
    m.apply('AgentHeartbeat', ev.heartbeat(at(6_000, null), { agentId: 'a', intervalMs: 1_000 }));
    m.apply('AgentHeartbeat', ev.heartbeat(at(9_500, null), { agentId: 'c', status: 'OFFLINE' }));
    m.apply('AgentReputation', ev.reputation(at(1, null), { agentId: 'ghost' }));
    const rows = m.agentRows();
    expect(rows.map((r) => [r.agentId, r.activeTasks, r.online, r.lastSeen])).toEqual([
      ['a', 0, false, T0 + 6_000],
      ['b', 1, true, T0 + 9_000],
      ['c', 0, false, T0 + 9_500],
    ]);
    expect(m.apply('AgentHeartbeat', ev.heartbeat(at(1_000, null), { agentId: 'a' })).ignored).toBe(
      true,
    );
  });

  it('keeps reputation history in time order, once per time and capability, the last 200 points', () => {
    const m = model();
    m.apply('AgentHeartbeat', ev.heartbeat(at(0, null), { agentId: 'a' }));
    const rep = (ms: number, score: number) =>
      ev.reputation(at(ms, null), {
        agentId: 'a',
        capabilities: [{ capability: 'gather', score, samples: ms, failures: 0 }],
      });
    m.apply('AgentReputation', rep(20, 0.6));
    m.apply('AgentReputation', rep(10, 0.5));
    const again = rep(20, 0.6);
    expect(m.apply('AgentReputation', again).ignored).toBe(true);
    const row = m.agentRow('a')!;
    expect(row.reputation).toEqual([{ capability: 'gather', score: 0.6, samples: 20 }]);
    expect(row.history).toEqual([
      { at: T0 + 10, capability: 'gather', score: 0.5 },
      { at: T0 + 20, capability: 'gather', score: 0.6 },
    ]);
    for (let i = 0; i < 250; i++) m.apply('AgentReputation', rep(100 + i, i / 250));
    const history = m.agentRow('a')!.history;
    expect(history).toHaveLength(200);
    expect(history.at(-1)!.at).toBe(T0 + 349);
  });

  it('drops the agent heard from least recently beyond its limit', () => {
    const m = new ConsoleReadModel({ clock: () => T0, maxAgents: 2 });
    m.apply('AgentHeartbeat', ev.heartbeat(at(3, null), { agentId: 'x' }));
    m.apply('AgentHeartbeat', ev.heartbeat(at(1, null), { agentId: 'y' }));
    m.apply('AgentHeartbeat', ev.heartbeat(at(2, null), { agentId: 'z' }));
    expect(m.agentRows().map((r) => r.agentId)).toEqual(['x', 'z']);
  });
});

describe('ConsoleReadModel: dead letters', () => {
  it('adds a dead letter of a goal it holds to the goal timeline, and creates no goal for others', () => {
    const m = model();
    m.apply('GoalSubmitted', ev.goalSubmitted(at(0)));
    expect(
      m.apply('DeadLetter', ev.deadLetter(at(50), { sourceTopic: 'agora.tasks.completed' })).goalId,
    ).toBe(G);
    m.apply('DeadLetter', ev.deadLetter(at(60, 'unknown-goal')));
    expect(m.goalDetail(G)!.timeline.map((t) => t.type)).toEqual(['GoalSubmitted', 'DeadLetter']);
    expect(m.goalDetail('unknown-goal')).toBeUndefined();
    expect(m.swarm().deadLetters).toBe(2);
  });
});

describe('ConsoleReadModel: approval steps', () => {
  const signOff = `${G}/sign-off`;
  const gated = () =>
    ev.goalPlanned(at(10), {
      workflow: 'publish',
      tasks: [
        { taskId: `${G}/write`, name: 'write', capability: 'write', dependsOn: [], input: null },
        {
          taskId: signOff,
          name: 'sign-off',
          capability: 'approval',
          dependsOn: [`${G}/write`],
          input: null,
        },
      ],
    });
  /** A goal whose draft is accepted and whose sign-off waits for a person since T0 + 100. */
  const waiting = (m: ConsoleReadModel) => {
    m.apply('GoalSubmitted', ev.goalSubmitted(at(0), { goal: 'Launch post' }));
    m.apply('GoalPlanned', gated());
    m.apply('TaskReady', ev.taskReady(at(20), { taskId: `${G}/write`, name: 'write' }));
    m.apply('TaskAwarded', ev.taskAwarded(at(30), { taskId: `${G}/write`, agentId: 'a' }));
    m.apply('TaskCompleted', ev.taskCompleted(at(40), { taskId: `${G}/write`, agentId: 'a' }));
    m.apply('TaskEvaluated', ev.taskEvaluated(at(50), { taskId: `${G}/write`, agentId: 'a' }));
    m.apply(
      'DecisionRequested',
      ev.decisionRequested(at(100), { taskId: signOff, taskName: 'sign-off', dueAt: T0 + 5_000 }),
    );
  };

  it('shows a requested decision as waiting, listed as pending and counted in the swarm', () => {
    const m = model();
    waiting(m);
    const task = m.goalDetail(G)!.tasks[1]!;
    expect(task).toMatchObject({ name: 'sign-off', state: 'waiting', attempts: [] });
    expect(task.decision).toEqual({
      prompt: 'Publish it?',
      requestedAt: T0 + 100,
      dueAt: T0 + 5_000,
      onTimeout: 'reject',
      decided: null,
    });
    expect(m.pendingDecisions()).toEqual([
      {
        goalId: G,
        goal: 'Launch post',
        workflow: 'publish',
        taskId: signOff,
        taskName: 'sign-off',
        prompt: 'Publish it?',
        requestedAt: T0 + 100,
        dueAt: T0 + 5_000,
        onTimeout: 'reject',
      },
    ]);
    expect(m.swarm().pendingDecisions).toBe(1);
    expect(m.goalDetail(G)!.timeline.at(-1)).toMatchObject({
      type: 'DecisionRequested',
      taskName: 'sign-off',
      attempt: null,
    });
  });

  it('an approval accepts the step and leaves the list; a rejection fails it', () => {
    const m = model();
    waiting(m);
    m.apply(
      'TaskDecided',
      ev.taskDecided(at(200), { taskId: signOff, taskName: 'sign-off', comment: 'ship it' }),
    );
    const task = m.goalDetail(G)!.tasks[1]!;
    expect(task.state).toBe('accepted');
    expect(task.decision?.decided).toEqual({
      decision: 'approve',
      decidedBy: 'maria',
      comment: 'ship it',
      timedOut: false,
      at: T0 + 200,
    });
    expect(m.goalRow(G)!.tasks).toEqual({ total: 2, accepted: 2 });
    expect(m.pendingDecisions()).toEqual([]);
    expect(m.goalDetail(G)!.timeline.at(-1)!.summary).toBe('approved by maria: ship it');

    const r = model();
    waiting(r);
    r.apply(
      'TaskDecided',
      ev.taskDecided(at(300), {
        taskId: signOff,
        taskName: 'sign-off',
        decision: 'reject',
        decidedBy: null,
        timedOut: true,
      }),
    );
    expect(r.goalDetail(G)!.tasks[1]!.state).toBe('failed');
    expect(r.goalDetail(G)!.timeline.at(-1)!.summary).toBe('rejected by its timeout');
  });

  it('a decision read before its request waits for it, and is not listed as pending', () => {
    const m = model();
    m.apply('GoalSubmitted', ev.goalSubmitted(at(0)));
    m.apply('TaskDecided', ev.taskDecided(at(200), { taskId: signOff, taskName: 'sign-off' }));
    expect(m.goalDetail(G)!.tasks[0]).toMatchObject({ state: 'accepted', decision: null });
    m.apply(
      'DecisionRequested',
      ev.decisionRequested(at(100), { taskId: signOff, taskName: 'sign-off' }),
    );
    expect(m.goalDetail(G)!.tasks[0]!.decision?.decided?.decision).toBe('approve');
    expect(m.pendingDecisions()).toEqual([]);
  });

  it('drops a pending decision from the list once its goal ends undecided', () => {
    const m = model();
    waiting(m);
    m.apply('GoalFailed', ev.goalFailed(at(400), { code: 'deadline_exceeded' }));
    expect(m.pendingDecisions()).toEqual([]);
    expect(m.swarm().pendingDecisions).toBe(0);
  });
});

describe('ConsoleReadModel: who did the work', () => {
  const byModel = { ...ev.usage(0.01), model: 'openai/gpt-4o-mini' };

  it('names the offline deterministic skills when no result named a model', () => {
    const m = model();
    applyAll(m, happyGoal());
    const detail = m.goalDetail(G)!;
    expect(detail.tasks.map((t) => [t.name, t.doneBy])).toEqual([
      ['gather', { mode: 'offline' }],
      ['report', { mode: 'offline' }],
    ]);
    expect(detail.mode).toBe('offline');
  });

  it("names the model of a task's latest attempt, and a goal whose tasks differ as mixed", () => {
    const m = model();
    applyAll(
      m,
      happyGoal().map(([type, event]): Item =>
        type === 'TaskCompleted' && event.taskId === `${G}-report`
          ? [type, { ...event, usage: byModel }]
          : ([type, event] as Item),
      ),
    );
    const detail = m.goalDetail(G)!;
    expect(detail.tasks[1]!.doneBy).toEqual({ mode: 'model', model: 'openai/gpt-4o-mini' });
    expect(detail.mode).toBe('mixed');
  });

  it('names nobody while the latest attempt has no result, nor a goal none of whose tasks has one', () => {
    const m = model();
    const task = `${G}-gather`;
    m.apply('GoalPlanned', plan());
    m.apply('TaskCompleted', ev.taskCompleted(at(100), { taskId: task, agentId: 'a' }));
    expect(m.goalDetail(G)!.tasks[0]!.doneBy).toEqual({ mode: 'offline' });
    m.apply('TaskReady', ev.taskReady(at(200), { taskId: task, attempt: 2 }));
    expect(m.goalDetail(G)!.tasks[0]!.doneBy).toBeNull();
    expect(m.goalDetail(G)!.mode).toBeNull();
    m.apply(
      'TaskCompleted',
      ev.taskCompleted(at(300), { taskId: task, agentId: 'b', attempt: 2, usage: byModel }),
    );
    expect(m.goalDetail(G)!.mode).toBe('model');
  });
});
