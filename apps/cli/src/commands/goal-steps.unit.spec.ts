import { describe, expect, it } from 'vitest';
import { renderSteps, type GoalStep } from './goals.command';

const plain = { color: false, width: 80 };

const step = (over: Partial<GoalStep>): GoalStep => ({
  taskId: 'g-1/notes',
  task: 'notes',
  attempt: 1,
  seq: 1,
  agentId: 'noter-a',
  kind: 'model_call',
  name: 'openai/llama3.1',
  callId: null,
  arguments: null,
  result: JSON.stringify({
    text: '',
    toolCalls: [{ id: 'c1', name: 'memory_write', arguments: {} }],
  }),
  usage: { durationMs: 1200, inputTokens: 400, outputTokens: 20 },
  replayedFrom: null,
  ...over,
});

const call = (attempt: number, seq: number, replayedFrom: number | null = null): GoalStep[] => [
  step({ attempt, seq, replayedFrom }),
  step({
    attempt,
    seq: seq + 1,
    kind: 'tool_call',
    name: 'memory_write',
    callId: 'c1',
    arguments: { title: 'note 1' },
    result: null,
    usage: null,
    replayedFrom,
  }),
  step({
    attempt,
    seq: seq + 2,
    kind: 'tool_result',
    name: 'memory_write',
    callId: 'c1',
    result: '{"stored":true}',
    usage: { durationMs: 30, inputTokens: 0, outputTokens: 0 },
    replayedFrom,
  }),
];

describe('agora goal --steps', () => {
  it('lists each attempt’s steps, and sums up the steps an attempt replayed', () => {
    const answer = step({
      attempt: 2,
      seq: 4,
      agentId: 'noter-b',
      result: JSON.stringify({ text: 'Stored  the\nnote.', toolCalls: [] }),
    });
    const lines = renderSteps(
      [...call(1, 1), ...call(2, 1, 1).map((s) => ({ ...s, agentId: 'noter-b' })), answer],
      plain,
    );
    expect(lines).toEqual([
      'steps',
      '',
      'notes, attempt 1 (noter-a)',
      '  1  model_call   openai/llama3.1: calls memory_write  400+20 tokens  1.2 s',
      '  2  tool_call    memory_write {"title":"note 1"}',
      '  3  tool_result  memory_write → {"stored":true}  0.0 s',
      '',
      'notes, attempt 2 (noter-b), resumed from attempt 1',
      '  1-3  replayed    1 model call, 1 tool call and their results, not done again',
      '  4    model_call  openai/llama3.1: answers "Stored the note."  400+20 tokens  1.2 s',
    ]);
  });

  it('says so when no task was done by a model', () => {
    expect(renderSteps([], plain)).toEqual([
      'steps: none (no task of this goal was done by a model)',
    ]);
  });
});
