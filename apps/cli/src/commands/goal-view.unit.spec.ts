import { describe, expect, it } from 'vitest';
import { humanDuration, renderGoal, type GoalDetail } from './goals.command';

const plain = { color: false, width: 80 };

const goal = (over: Partial<GoalDetail> = {}): GoalDetail => ({
  goalId: 'g-1',
  goal: 'Explain\n consumer groups',
  workflow: 'research',
  planSource: 'workflow',
  state: 'completed',
  output: '# Consumer groups\n\n## Key findings\n\n1. Each partition has one member. [1]\n',
  failure: null,
  waiting: [],
  usage: {
    tasks: 2,
    attempts: 3,
    durationMs: 2_000,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0.045,
  },
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  mode: 'offline',
  createdAt: '2026-11-28T10:00:00.000Z',
  finishedAt: '2026-11-28T10:00:02.000Z',
  tasks: [
    {
      name: 'gather',
      capability: 'gather',
      state: 'accepted',
      attempts: 1,
      maxAttempts: 3,
      auction: { agentId: 'researcher-1-a', score: 0.7 },
      evaluation: { verdict: 'ACCEPTED', score: 1, feedback: null },
      doneBy: { mode: 'offline' },
    },
    {
      name: 'report',
      capability: 'report',
      state: 'accepted',
      attempts: 2,
      maxAttempts: 3,
      auction: { agentId: 'writer-1-b', score: 0.6 },
      evaluation: { verdict: 'ACCEPTED', score: 0.85, feedback: null },
      doneBy: { mode: 'offline' },
    },
  ],
  ...over,
});

describe('agora goal', () => {
  const now = Date.parse('2026-11-28T10:05:00.000Z');

  it('shows a summary, a task table and the output as text, not JSON', () => {
    const lines = renderGoal(goal(), now, plain);
    expect(lines.slice(0, 9)).toEqual([
      'goal g-1',
      '"Explain consumer groups"',
      '',
      'state     completed',
      'workflow  research',
      'age       5 min (submitted 2026-11-28T10:00:00.000Z), ran 2.0 s',
      'cost      $0.0450; 2 tasks, 3 attempts',
      'mode      offline (deterministic skills; configure a model for real agents: see README "Real agents")',
      'trace     4bf92f3577b34da6a3ce929d0e0e4736',
    ]);
    const text = lines.join('\n');
    expect(text).toContain(
      [
        'task    capability  state     attempt  agent           score  done by',
        'gather  gather      accepted  1/3      researcher-1-a  1.00   offline',
        'report  report      accepted  2/3      writer-1-b      0.85   offline',
      ].join('\n'),
    );
    expect(text).toContain(
      'Consumer groups\n\nKey findings\n\n  1. Each partition has one member. [1]',
    );
    expect(text).not.toContain('\\n');
    expect(text).not.toContain('#');
  });

  it('names the model that did each task, and a goal some of whose tasks ran offline', () => {
    const byModel = { mode: 'model', model: 'openai/gpt-4o-mini' } as const;
    const [gather, report] = goal().tasks;
    const modelGoal = goal({ mode: 'mixed', tasks: [gather!, { ...report!, doneBy: byModel }] });
    const mixed = renderGoal(modelGoal, now, plain).join('\n');
    expect(mixed).toContain(
      'mode      mixed: 1 task offline (deterministic skills), the others by openai/gpt-4o-mini',
    );
    expect(mixed).toMatch(/report +report +accepted +2\/3 +writer-1-b +0\.85 +openai\/gpt-4o-mini/);
    const all = goal({
      mode: 'model',
      tasks: [
        { ...gather!, doneBy: byModel },
        { ...report!, doneBy: byModel },
      ],
    });
    expect(renderGoal(all, now, plain)).toContain('mode      model (openai/gpt-4o-mini)');
  });

  it('leaves the mode out before any task did work, and for a planner that does not say', () => {
    const pending = goal({ mode: null, tasks: [{ ...goal().tasks[0]!, doneBy: null }] });
    const text = renderGoal(pending, now, plain).join('\n');
    expect(text).not.toContain('mode');
    expect(text).toMatch(/gather +gather +accepted +1\/3 +researcher-1-a +1\.00 +-$/m);
    const { mode: _mode, ...older } = goal();
    expect(renderGoal(older, now, plain).join('\n')).not.toContain('mode ');
  });

  it('renders an output of another kind by its kind, not as JSON', () => {
    const classified = JSON.stringify({
      kind: 'classification',
      label: 'billing',
      confidence: 0.82,
      scores: { billing: 0.82, technical: 0.18 },
    });
    const text = renderGoal(goal({ output: classified }), now, plain).join('\n');
    expect(text).toContain('billing (confidence 82%)');
    expect(text).not.toContain('"kind"');
  });

  it('says when a goal carried its own plan', () => {
    const text = renderGoal(
      goal({ workflow: null, planSource: 'inline', tasks: [] }),
      now,
      plain,
    ).join('\n');
    expect(text).toMatch(/workflow +none \(its own plan\)/);
  });

  it('says when the model planned a goal, why it failed, and leaves out an unknown trace', () => {
    const text = renderGoal(
      goal({
        workflow: null,
        planSource: 'model',
        state: 'failed',
        output: null,
        traceId: null,
        finishedAt: null,
        failure: { code: 'budget_exceeded', reason: 'cost $2 over $1', taskId: null },
        waiting: [{ name: 'report', capability: 'report', reason: 'no live agent has report' }],
        tasks: [],
      }),
      now,
      plain,
    ).join('\n');
    expect(text).toContain('workflow  none (planned by the model)');
    expect(text).toContain('failed (budget_exceeded): cost $2 over $1');
    expect(text).toContain('waiting: report [report]: no live agent has report');
    expect(text).not.toContain('trace');
  });

  it('states durations the way a person reads them', () => {
    expect([1_234, 42_000, 300_000, 7_200_000, 3 * 86_400_000].map(humanDuration)).toEqual([
      '1.2 s',
      '42 s',
      '5 min',
      '2 h',
      '3 d',
    ]);
  });
});
