import type { TaskEvaluated, TaskInput } from '@agora/contracts';
import { testSnapshot } from '../testing/goal-records';
import { describe, expect, it } from 'vitest';
import { WorkflowCatalog } from '../workflow/workflow-catalog';
import { validateWorkflow, WorkflowValidationError } from '../workflow/workflow-definition';
import { GoalEngine, goalUsage, type PlannerEvent } from './goal-engine';
import type { GoalRecord, GoalSnapshot } from './goal-records';

const catalog = WorkflowCatalog.fromDirectory();
const envelope = {
  eventId: '00000000-0000-4000-8000-000000000000',
  occurredAt: 0,
  goalId: 'g1',
  causationId: null,
  producer: { service: 'test', version: '0' },
};
/** What the auction stamps on the failures it decides itself. */
const fromAuction = { ...envelope, producer: { service: 'auction', version: '0' } };
const usage = { durationMs: 10, inputTokens: 100, outputTokens: 20, costUsd: 0.01, model: null };

function snapshot(overrides: Partial<GoalRecord> = {}): GoalSnapshot {
  return testSnapshot({ inputs: { topic: 'kafka' }, ...overrides });
}

const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
const types = (events: PlannerEvent[]) => events.map((e) => e.type);
const ready = (events: PlannerEvent[]) =>
  events.flatMap((e) => (e.type === 'TaskReady' ? [e.body] : []));

/** Records the award of the task's current attempt to `agentId`. */
function award(s: GoalSnapshot, name: string, agentId: string, now = at(1)) {
  const task = s.tasks.find((t) => t.name === name)!;
  return new GoalEngine(s, now).awarded({
    envelope,
    taskId: task.id,
    attempt: task.attempt,
    round: 1,
    incarnation: '',
    taskName: name,
    capability: task.capability,
    agentId,
    leaseExpiresAt: 0,
    score: 0.9,
    bidders: [agentId, 'agent-2'],
    scores: [],
    input: '{}',
    feedback: null,
  });
}

/** Runs one attempt of a task through award, result and evaluation. */
function finish(
  s: GoalSnapshot,
  name: string,
  output: object,
  verdict: TaskEvaluated['verdict'] = 'ACCEPTED',
  agentId = 'agent-1',
  now = at(1),
) {
  const task = s.tasks.find((t) => t.name === name)!;
  const base = {
    envelope,
    taskId: task.id,
    attempt: task.attempt,
    agentId,
    capability: task.capability,
  };
  award(s, name, agentId, now);
  new GoalEngine(s, now).completed({ ...base, output: JSON.stringify(output), usage });
  return new GoalEngine(s, now).evaluated({
    ...base,
    verdict,
    score: 0.8,
    feedback: `feedback on ${name}`,
  });
}

describe('GoalEngine', () => {
  it("counts what planning with a model cost in the goal's usage", () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'model', {
      inputTokens: 400,
      outputTokens: 100,
      costUsd: 0.6,
    });
    expect(goalUsage(s, at(1))).toMatchObject({
      inputTokens: 400,
      outputTokens: 100,
      costUsd: 0.6,
    });
    expect(s.goal.planSource).toBe('model');
  });

  it('plans research, starts only gather, then releases each step in order and completes with the report', () => {
    const s = snapshot();
    const planned = new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    expect(types(planned.events)).toEqual(['GoalPlanned', 'TaskReady']);
    expect(ready(planned.events)[0]).toMatchObject({
      taskId: 'g1/gather',
      attempt: 1,
      feedback: null,
    });
    expect(s.goal.state).toBe('running');

    expect(
      ready(finish(s, 'gather', { kind: 'sources', query: 'q', sources: [] }).events).map(
        (r) => r.name,
      ),
    ).toEqual(['analyze']);
    const validate = ready(
      finish(s, 'analyze', { kind: 'analysis', summary: 's', points: [] }).events,
    )[0]!;
    const input = JSON.parse(validate.input) as TaskInput;
    expect(input).toMatchObject({
      goal: 'Explain Kafka',
      inputs: { topic: 'kafka' },
      params: {},
      // The kind the evaluator will hold the result to: the step's, here validate's built-in one.
      outputKind: 'validation',
    });
    expect(input.upstream.map((u) => [u.name, u.output.kind])).toEqual([
      ['gather', 'sources'],
      ['analyze', 'analysis'],
    ]);
    finish(s, 'validate', { kind: 'validation', checked: 1, supported: 1, issues: [] });
    const done = finish(
      s,
      'report',
      { kind: 'report', title: 'T', markdown: '# Kafka', citations: [] },
      'ACCEPTED',
      'agent-1',
      at(30),
    );
    expect(types(done.events)).toEqual(['GoalCompleted']);
    const completed = done.events[0]!;
    expect(completed.type === 'GoalCompleted' && completed.body).toEqual({
      output: '# Kafka',
      usage: {
        tasks: 4,
        attempts: 4,
        durationMs: 30_000,
        inputTokens: 400,
        outputTokens: 80,
        costUsd: 0.04,
      },
    });
    expect(s.tasks.every((t) => t.state === 'accepted')).toBe(true);
  });

  it('retries a rejected task with the feedback and without the agent, then fails after maxAttempts', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    const retry = ready(
      finish(s, 'gather', { kind: 'sources', query: 'q', sources: [] }, 'REJECTED', 'agent-1')
        .events,
    )[0]!;
    expect(retry).toMatchObject({
      attempt: 2,
      excludedAgents: ['agent-1'],
      feedback: 'feedback on gather',
    });
    expect((JSON.parse(retry.input) as TaskInput).feedback).toBe('feedback on gather');
    const third = ready(
      finish(s, 'gather', { kind: 'text', text: '' }, 'REJECTED', 'agent-2').events,
    )[0]!;
    expect(third.excludedAgents).toEqual(['agent-1', 'agent-2']);
    const failed = finish(s, 'gather', { kind: 'text', text: '' }, 'REJECTED', 'agent-3');
    expect(types(failed.events)).toEqual(['GoalFailed']);
    const [first] = failed.events;
    const body = first?.type === 'GoalFailed' ? first.body : undefined;
    expect(body).toMatchObject({
      code: 'task_failed',
      taskId: 'g1/gather',
      reason: 'task gather was rejected 3 times: feedback on gather',
    });
    expect(s.tasks.map((t) => t.state)).toEqual(['failed', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('applies an evaluation read before the result it judges', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    const base = { envelope, taskId: 'g1/gather', attempt: 1, agentId: 'a', capability: 'gather' };
    const early = new GoalEngine(s, at(1)).evaluated({
      ...base,
      verdict: 'ACCEPTED',
      score: 1,
      feedback: 'ok',
    });
    expect(early.events).toEqual([]);
    expect(s.tasks[0]!.state).toBe('ready');
    award(s, 'gather', 'a');
    const result = new GoalEngine(s, at(2)).completed({
      ...base,
      output: '{"kind":"text","text":"x"}',
      usage,
    });
    expect(ready(result.events).map((r) => r.name)).toEqual(['analyze']);
  });

  it('ignores stale attempts and duplicates', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    finish(s, 'gather', { kind: 'text', text: '' }, 'REJECTED');
    const stale = new GoalEngine(s, at(2)).completed({
      envelope,
      taskId: 'g1/gather',
      attempt: 1,
      agentId: 'agent-1',
      capability: 'gather',
      output: '{}',
      usage,
    });
    expect(stale).toMatchObject({
      changed: false,
      refused: 'stale_attempt',
      ignored: 'stale attempt 1 of task gather (current 2)',
    });
    const again = finish(s, 'gather', { kind: 'text', text: '' });
    expect(ready(again.events)).toHaveLength(1);
    const duplicate = new GoalEngine(s, at(3)).evaluated({
      envelope,
      taskId: 'g1/gather',
      attempt: 2,
      agentId: 'agent-1',
      capability: 'gather',
      verdict: 'ACCEPTED',
      score: 1,
      feedback: '',
    });
    expect(duplicate.ignored).toBe('task gather is already accepted');
  });

  it('retries a retriable failure excluding the agent, and fails the goal on an unallocatable task', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    const failure = {
      envelope,
      taskId: 'g1/gather',
      agentId: 'agent-1',
      capability: 'gather',
      usage: null,
    };
    award(s, 'gather', 'agent-1');
    const retry = new GoalEngine(s, at(1)).failed({
      ...failure,
      attempt: 1,
      code: 'lease_expired',
      reason: 'lease lapsed',
      retriable: true,
    });
    expect(ready(retry.events)[0]).toMatchObject({
      attempt: 2,
      excludedAgents: ['agent-1'],
      feedback: null,
    });
    const end = new GoalEngine(s, at(2)).failed({
      ...failure,
      envelope: fromAuction,
      agentId: null,
      attempt: 2,
      code: 'unallocatable',
      reason: 'no bids',
      retriable: true,
    });
    expect(end.events.at(-1)).toMatchObject({
      type: 'GoalFailed',
      body: { code: 'task_failed', reason: 'task gather could not be allocated: no bids' },
    });
  });

  it('fails with budget_exceeded when maxTasks would be passed, cancelling the running attempt', () => {
    const s = snapshot({ maxTasks: 2 });
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    finish(s, 'gather', { kind: 'text', text: '' });
    const result = finish(s, 'analyze', { kind: 'text', text: '' });
    expect(result.limit).toBe('maxTasks');
    expect(result.events.at(-1)).toMatchObject({
      type: 'GoalFailed',
      body: { code: 'budget_exceeded', usage: { attempts: 2 } },
    });
    expect(s.goal.reason).toMatch(/at most 2 task attempts/);
  });

  it('cancels live work with TaskFailed when the cost budget is exceeded', () => {
    const s = snapshot({ maxCostUsd: 0.015 });
    new GoalEngine(s, at(0)).plan(catalog.get('content')!, 'workflow');
    finish(s, 'plan', { kind: 'text', text: '' });
    const task = s.tasks.find((t) => t.name === 'write')!;
    new GoalEngine(s, at(1)).awarded({
      envelope,
      taskId: task.id,
      attempt: 1,
      round: 1,
      incarnation: '',
      taskName: 'write',
      capability: 'write',
      agentId: 'w1',
      leaseExpiresAt: 0,
      score: 1,
      bidders: ['w1'],
      scores: [],
      input: '{}',
      feedback: null,
    });
    const over = new GoalEngine(s, at(2)).failed({
      envelope,
      taskId: task.id,
      attempt: 1,
      agentId: 'w1',
      capability: 'write',
      code: 'error',
      reason: 'boom',
      retriable: true,
      usage,
    });
    expect(over.limit).toBe('maxCostUsd');
    expect(types(over.events)).toEqual(['GoalFailed']);
    expect(s.goal.failureCode).toBe('budget_exceeded');
    expect(task.state).toBe('failed');
  });

  it('sends TaskFailed cancelled to the agent of a running task when the deadline passes', () => {
    const s = snapshot({ deadlineAt: at(10) });
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    new GoalEngine(s, at(1)).awarded({
      envelope,
      taskId: 'g1/gather',
      attempt: 1,
      round: 1,
      incarnation: '',
      taskName: 'gather',
      capability: 'gather',
      agentId: 'a1',
      leaseExpiresAt: 0,
      score: 1,
      bidders: ['a1'],
      scores: [],
      input: '{}',
      feedback: null,
    });
    expect(new GoalEngine(s, at(5)).checkDeadline().events).toEqual([]);
    const late = new GoalEngine(s, at(10)).checkDeadline();
    expect(late.limit).toBe('deadline');
    expect(late.events).toMatchObject([
      {
        type: 'TaskFailed',
        body: { taskId: 'g1/gather', agentId: 'a1', code: 'cancelled', retriable: false },
      },
      { type: 'GoalFailed', body: { code: 'deadline_exceeded' } },
    ]);
  });

  it('skips escalation when the classification is confident and knowledge was found, and runs it otherwise', () => {
    const faq = { itemId: 'doc:faq#1', title: 'FAQ', source: null, quote: 'Refunds take 5 days.' };
    const confident = snapshot();
    new GoalEngine(confident, at(0)).plan(catalog.get('support')!, 'workflow');
    finish(confident, 'classify', {
      kind: 'classification',
      label: 'billing',
      confidence: 0.9,
      scores: {},
    });
    finish(confident, 'retrieve', { kind: 'sources', query: 'q', sources: [faq] });
    const done = finish(confident, 'respond', { kind: 'text', text: 'Hello' });
    expect(types(done.events)).toEqual(['GoalCompleted']);
    expect(confident.tasks.find((t) => t.name === 'escalate')!.state).toBe('skipped');
    expect(done.events[0]).toMatchObject({
      body: { output: 'Hello', usage: { tasks: 3 } },
    });

    const unsure = snapshot();
    new GoalEngine(unsure, at(0)).plan(catalog.get('support')!, 'workflow');
    finish(unsure, 'classify', {
      kind: 'classification',
      label: 'billing',
      confidence: 0.3,
      scores: {},
    });
    finish(unsure, 'retrieve', { kind: 'sources', query: 'q', sources: [faq] });
    const escalate = finish(unsure, 'respond', { kind: 'text', text: 'Hello' });
    expect(ready(escalate.events).map((r) => r.name)).toEqual(['escalate']);

    // Sure of the category, but nothing public answers it: a person takes it over.
    const undocumented = snapshot();
    new GoalEngine(undocumented, at(0)).plan(catalog.get('support')!, 'workflow');
    finish(undocumented, 'classify', {
      kind: 'classification',
      label: 'billing',
      confidence: 0.9,
      scores: {},
    });
    finish(undocumented, 'retrieve', { kind: 'sources', query: 'q', sources: [] });
    const handOver = finish(undocumented, 'respond', {
      kind: 'text',
      text: 'There is no documented answer to your question.',
    });
    expect(ready(handOver.events).map((r) => r.name)).toEqual(['escalate']);
  });

  it("answers a content goal with the edited post and its review, not the review's verdict alone", () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('content')!, 'workflow');
    finish(s, 'plan', { kind: 'text', text: '1. Intro' });
    finish(s, 'write', { kind: 'text', text: '# Draft' });
    finish(s, 'edit', { kind: 'text', text: '# Event sourcing\n\nThe edited post.' });
    const done = finish(s, 'review', {
      kind: 'review',
      approved: true,
      comments: ['Ready to publish.'],
    });
    expect(types(done.events)).toContain('GoalCompleted');
    expect(s.goal.output).toBe(
      '# Event sourcing\n\nThe edited post.\n\n---\n\n**Review (review): approved**\n\n- Ready to publish.\n',
    );
  });

  it('fails a goal whose final review does not approve, never completing it', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('content')!, 'workflow');
    finish(s, 'plan', { kind: 'text', text: '1. Intro' });
    finish(s, 'write', { kind: 'text', text: 'x' });
    finish(s, 'edit', { kind: 'text', text: 'x' });
    const done = finish(s, 'review', {
      kind: 'review',
      approved: false,
      comments: ['The text is too short (1 content words).'],
    });
    expect(types(done.events)).toContain('GoalFailed');
    expect(types(done.events)).not.toContain('GoalCompleted');
    expect(s.goal).toMatchObject({
      state: 'failed',
      failureCode: 'not_approved',
      reason:
        'the review step did not approve the result: The text is too short (1 content words).',
      failedTaskId: 'g1/review',
    });
  });

  it('starts independent tasks together', () => {
    const s = snapshot();
    const workflow = {
      name: 'fan',
      description: '',
      steps: [
        { name: 'a', capability: 'gather', dependsOn: [], params: {}, maxAttempts: 3 },
        { name: 'b', capability: 'gather', dependsOn: [], params: {}, maxAttempts: 3 },
        { name: 'c', capability: 'report', dependsOn: ['a', 'b'], params: {}, maxAttempts: 3 },
      ],
    };
    expect(
      ready(new GoalEngine(s, at(0)).plan(workflow, 'model').events).map((r) => r.name),
    ).toEqual(['a', 'b']);
    expect(ready(finish(s, 'a', { kind: 'text', text: '' }).events)).toEqual([]);
    expect(ready(finish(s, 'b', { kind: 'text', text: '' }).events).map((r) => r.name)).toEqual([
      'c',
    ]);
  });

  it('carries priority, deadline and maxWaitMs on TaskReady, and writes only the rows that changed', () => {
    const s = snapshot({ priority: 7, maxWaitMs: 30_000, deadlineAt: at(60) });
    const planned = new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    expect(ready(planned.events)[0]).toMatchObject({
      priority: 7,
      maxWaitMs: 30_000,
      deadlineAt: at(60).getTime(),
    });
    expect(planned.changedTasks).toHaveLength(4);
    const gather = s.tasks.find((t) => t.name === 'gather')!;
    const progressed = new GoalEngine(s, at(1)).progressed({
      envelope,
      taskId: gather.id,
      attempt: 1,
      agentId: 'agent-1',
      progress: null,
      message: null,
      leaseExpiresAt: 0,
    });
    expect(progressed.changedTasks.map((t) => t.name)).toEqual(['gather']);
  });

  it('shows a task waiting for capacity, and names it when the deadline passes', () => {
    const s = snapshot({ deadlineAt: at(30) });
    new GoalEngine(s, at(0)).plan(catalog.get('triage')!, 'workflow');
    const task = s.tasks[0]!;
    const reason = "2 agents have capability 'classify' and all are busy (6 of 6 slots taken)";
    new GoalEngine(s, at(1)).waiting({
      envelope,
      taskId: task.id,
      attempt: 1,
      capability: 'classify',
      reason,
      waitingSince: at(0).getTime(),
      capableAgents: 2,
      liveAgents: 2,
      freeSlots: 0,
    });
    expect(task).toMatchObject({ state: 'waiting', waitingReason: reason });
    const late = new GoalEngine(s, at(31)).checkDeadline();
    expect(late.limit).toBe('deadline');
    expect(s.goal).toMatchObject({
      state: 'failed',
      failureCode: 'deadline_exceeded',
      failedTaskId: task.id,
    });
    expect(s.goal.reason).toBe(
      `deadline exceeded: the goal was due by ${at(30).toISOString()} and had not finished; task classify was waiting for capacity: ${reason}`,
    );
  });

  it('fails the goal with wait_exceeded when a task waited longer than maxWaitMs', () => {
    const s = snapshot({ maxWaitMs: 1_000 });
    new GoalEngine(s, at(0)).plan(catalog.get('triage')!, 'workflow');
    const task = s.tasks[0]!;
    const result = new GoalEngine(s, at(2)).failed({
      envelope: fromAuction,
      taskId: task.id,
      attempt: 1,
      agentId: null,
      capability: 'classify',
      code: 'wait_exceeded',
      reason:
        "waited 1200 ms for an agent with capability 'classify', more than the goal's maxWaitMs of 1000 ms",
      retriable: false,
      usage: null,
    });
    expect(result.limit).toBe('maxWaitMs');
    expect(s.goal).toMatchObject({ state: 'failed', failureCode: 'wait_exceeded' });
    expect(s.goal.reason).toBe(
      "task classify waited 1200 ms for an agent with capability 'classify', more than the goal's maxWaitMs of 1000 ms",
    );
    expect(types(result.events)).toEqual(['GoalFailed']);
  });

  it('retries a released attempt with the same agent allowed, without counting it against maxAttempts', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('triage')!, 'workflow');
    const task = s.tasks[0]!;
    for (let i = 0; i < 5; i++) {
      award(s, task.name, 'agent-1', at(1 + i));
      const result = new GoalEngine(s, at(1 + i)).failed({
        envelope,
        taskId: task.id,
        attempt: task.attempt,
        agentId: 'agent-1',
        capability: 'classify',
        code: 'released',
        reason: "agent 'agent-1' restarted while working on 'classify'",
        retriable: true,
        usage: null,
      });
      expect(ready(result.events)[0]).toMatchObject({ attempt: i + 2, excludedAgents: [] });
    }
    expect(s.goal.state).toBe('running');
    expect(task).toMatchObject({ attempt: 6, releasedAttempts: 5, excludedAgents: [] });
  });
  it('refuses a result or failure from an agent the attempt was not awarded to, and any result of an older attempt', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    const gather = s.tasks[0]!;
    const result = (agentId: string, attempt = gather.attempt) => ({
      envelope,
      taskId: gather.id,
      attempt,
      agentId,
      capability: 'gather',
      output: '{"kind":"text","text":"forged"}',
      usage,
    });
    award(s, 'gather', 'agent-1');
    const forged = new GoalEngine(s, at(2)).completed(result('intruder'));
    expect(forged).toMatchObject({
      changed: false,
      refused: 'not_awarded',
      ignored: 'attempt 1 of task gather was awarded to agent-1, not intruder',
    });
    const failure = {
      envelope,
      taskId: gather.id,
      attempt: 1,
      capability: 'gather',
      code: 'error',
      reason: 'forged',
      retriable: false,
      usage: null,
    };
    expect(new GoalEngine(s, at(2)).failed({ ...failure, agentId: 'intruder' }).refused).toBe(
      'not_awarded',
    );
    // Only the auction fails an attempt without naming an agent, and never an awarded one.
    expect(new GoalEngine(s, at(2)).failed({ ...failure, agentId: null }).refused).toBe(
      'not_awarded',
    );
    expect(
      new GoalEngine(s, at(2)).failed({ ...failure, envelope: fromAuction, agentId: null }).refused,
    ).toBe('not_awarded');
    expect(gather).toMatchObject({ state: 'awarded', output: null, excludedAgents: [] });
    expect(s.goal.costUsd).toBe(0);

    const applied = new GoalEngine(s, at(3)).completed(result('agent-1'));
    expect(applied.refused).toBeUndefined();
    expect(gather).toMatchObject({ state: 'completed', agentId: 'agent-1' });
    // A verdict on someone else's result is not about this attempt's work.
    const foreign = new GoalEngine(s, at(4)).evaluated({
      envelope,
      taskId: gather.id,
      attempt: 1,
      agentId: 'intruder',
      capability: 'gather',
      verdict: 'ACCEPTED',
      score: 1,
      feedback: '',
    });
    expect(foreign.ignored).toBe('verdict on a result of intruder, not of agent-1');
    expect(gather.state).toBe('completed');
    expect(new GoalEngine(s, at(5)).completed(result('agent-1', 2)).refused).toBe('stale_attempt');
  });

  it('keeps a result read before the award of its attempt waiting, neither applied nor refused', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    const early = new GoalEngine(s, at(1)).completed({
      envelope,
      taskId: 'g1/gather',
      attempt: 1,
      agentId: 'agent-1',
      capability: 'gather',
      output: '{"kind":"text","text":"x"}',
      usage,
    });
    expect(early).toMatchObject({ awaitingAward: true, changed: false, events: [] });
    expect(early.refused).toBeUndefined();
    expect(s.tasks[0]!.state).toBe('ready');
    // The auction's failures of an attempt it could not award name no agent, and need no award.
    const unallocatable = new GoalEngine(s, at(2)).failed({
      envelope: fromAuction,
      taskId: 'g1/gather',
      attempt: 1,
      agentId: null,
      capability: 'gather',
      code: 'unallocatable',
      reason: 'no agent declares gather',
      retriable: false,
      usage: null,
    });
    expect(unallocatable.awaitingAward).toBeUndefined();
    expect(s.goal.failureCode).toBe('task_failed');
  });
});

describe('GoalEngine: cancellation', () => {
  it('fails the goal as cancelled, naming who and why, and tells the running agent to stop', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    finish(s, 'gather', { kind: 'text', text: 'sources' });
    award(s, 'analyze', 'agent-7');
    const cancelled = new GoalEngine(s, at(3)).cancel('maria', 'wrong question');
    expect(types(cancelled.events)).toEqual(['TaskFailed', 'GoalFailed']);
    expect(cancelled.events[0]).toMatchObject({
      body: {
        taskId: 'g1/analyze',
        agentId: 'agent-7',
        code: 'cancelled',
        retriable: false,
        reason: 'goal g1 failed: cancelled by maria: wrong question',
      },
    });
    expect(cancelled.events[1]).toMatchObject({
      body: { code: 'cancelled', reason: 'cancelled by maria: wrong question', taskId: null },
    });
    expect(s.goal).toMatchObject({ state: 'failed', failureCode: 'cancelled' });
    expect(s.tasks.map((t) => t.state)).toEqual([
      'accepted',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(cancelled.goalChanged).toBe(true);
  });

  it('says nobody was named when the canceller did not say who, and needs no reason', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('research')!, 'workflow');
    new GoalEngine(s, at(1)).cancel(null, null);
    expect(s.goal.reason).toBe('cancelled by an unnamed person');
  });

  it('refuses to cancel a goal that has ended, changing nothing', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('triage')!, 'workflow');
    finish(s, 'classify', { kind: 'classification', label: 'billing', confidence: 0.9 });
    expect(s.goal.state).toBe('completed');
    const refused = new GoalEngine(s, at(2)).cancel('maria', null);
    expect(refused).toMatchObject({ changed: false, events: [], cancelRefused: 'already_ended' });
    expect(refused.ignored).toBe('goal g1 is already completed');
    expect(s.goal.state).toBe('completed');
  });
});

describe('GoalEngine: approval steps', () => {
  /** draft → approve (a person) → publish. */
  const gated = (params: Record<string, unknown> = {}) =>
    validateWorkflow(
      {
        name: 'gated',
        steps: [
          { name: 'draft', capability: 'write' },
          {
            name: 'approve',
            capability: 'approval',
            dependsOn: ['draft'],
            params: { prompt: 'Publish this draft?', timeoutMs: 60_000, ...params },
          },
          { name: 'publish', capability: 'edit', dependsOn: ['approve'] },
        ],
      },
      'gated.yaml',
    );
  /** A goal whose draft was accepted: its approval waits for a person since at(1). */
  const waitingGoal = (
    params: Record<string, unknown> = {},
    overrides: Partial<GoalRecord> = {},
  ) => {
    const s = snapshot(overrides);
    new GoalEngine(s, at(0)).plan(gated(params), 'inline');
    const drafted = finish(s, 'draft', { kind: 'text', text: '# Draft' });
    return { s, drafted, approval: () => s.tasks.find((t) => t.name === 'approve')! };
  };

  it('waits for a person when its dependencies are accepted, never calling the auction', () => {
    const { s, drafted, approval } = waitingGoal();
    expect(ready(drafted.events)).toEqual([]);
    expect(drafted.events).toContainEqual({
      type: 'DecisionRequested',
      body: {
        taskId: 'g1/approve',
        taskName: 'approve',
        prompt: 'Publish this draft?',
        dueAt: at(61).getTime(),
        onTimeout: 'reject',
      },
    });
    expect(drafted.changedTasks).toContain(approval());
    expect(approval()).toMatchObject({
      state: 'waiting',
      attempt: 1,
      outputKind: 'review',
      waitingReason: "awaiting a person's decision: agora approve|reject g1 approve",
      decisionDueAt: at(61),
    });
    expect(s.goal.state).toBe('running');
  });

  it('goes on when approved: the step outputs an approving review and its dependants start', () => {
    const { s, approval } = waitingGoal();
    const approved = new GoalEngine(s, at(5)).decide('approve', 'approve', 'Ship it', 'alice');
    expect(approval()).toMatchObject({
      state: 'accepted',
      decidedBy: 'alice',
      waitingReason: null,
      output: JSON.stringify({ kind: 'review', approved: true, comments: ['Ship it'] }),
    });
    expect(ready(approved.events).map((r) => r.name)).toEqual(['publish']);
    expect(approved.events[0]).toEqual({
      type: 'TaskDecided',
      body: {
        taskId: 'g1/approve',
        taskName: 'approve',
        decision: 'approve',
        decidedBy: 'alice',
        comment: 'Ship it',
        timedOut: false,
      },
    });
    const input = JSON.parse(ready(approved.events)[0]!.input) as TaskInput;
    expect(input.upstream.map((u) => u.output)).toEqual([
      { kind: 'review', approved: true, comments: ['Ship it'] },
    ]);
    const done = finish(s, 'publish', { kind: 'text', text: '# Published' });
    expect(types(done.events)).toContain('GoalCompleted');
    expect(s.goal.output).toBe('# Published');
  });

  it('completes a goal whose last step is an approval with the approved work', () => {
    const s = snapshot();
    const plan = validateWorkflow(
      {
        name: 'gated',
        steps: [
          { name: 'draft', capability: 'write' },
          { name: 'approve', capability: 'approval', dependsOn: ['draft'] },
        ],
      },
      'gated.yaml',
    );
    new GoalEngine(s, at(0)).plan(plan, 'inline');
    finish(s, 'draft', { kind: 'text', text: '# Draft' });
    const done = new GoalEngine(s, at(5)).decide('approve', 'approve', null, null);
    expect(types(done.events)).toEqual(['TaskDecided', 'GoalCompleted']);
    expect(s.goal.output).toBe('# Draft\n\n---\n\n**Review (approve): approved**\n');
  });

  it('runs the shipped publish workflow to a sign-off, answering with the approved draft', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(catalog.get('publish')!, 'workflow');
    finish(s, 'write', { kind: 'text', text: '# Launch' });
    const reviewed = finish(s, 'review', { kind: 'review', approved: true, comments: ['Clear.'] });
    expect(ready(reviewed.events)).toEqual([]);
    expect(s.tasks.map((t) => t.state)).toEqual(['accepted', 'accepted', 'waiting']);
    expect(types(reviewed.events)).toEqual(['DecisionRequested']);
    const done = new GoalEngine(s, at(2)).decide('approve', 'approve', 'Go', 'alice');
    expect(types(done.events)).toEqual(['TaskDecided', 'GoalCompleted']);
    expect(s.goal.output).toBe('# Launch\n\n---\n\n**Review (approve): approved**\n\n- Go\n');
  });

  it('fails the goal as not_approved when rejected, naming who and why, cancelling nothing it never called', () => {
    const { s, approval } = waitingGoal();
    const rejected = new GoalEngine(s, at(5)).decide('approve', 'reject', 'Too long', 'bob');
    expect(types(rejected.events)).toEqual(['TaskDecided', 'GoalFailed']);
    expect(rejected.events[0]).toMatchObject({
      body: { decision: 'reject', decidedBy: 'bob', comment: 'Too long', timedOut: false },
    });
    expect(approval()).toMatchObject({ state: 'failed', decidedBy: 'bob' });
    expect(s.goal).toMatchObject({
      state: 'failed',
      failureCode: 'not_approved',
      reason: 'task approve was rejected by bob: Too long',
      failedTaskId: 'g1/approve',
    });
    expect(s.tasks.find((t) => t.name === 'publish')!.state).toBe('cancelled');
  });

  it('says who rejected even without a comment, and that nobody said who when unnamed', () => {
    const { s, approval } = waitingGoal();
    new GoalEngine(s, at(5)).decide('approve', 'reject', null, null);
    expect(s.goal.reason).toBe('task approve was rejected by an unnamed person');
    expect(JSON.parse(approval().output!)).toEqual({
      kind: 'review',
      approved: false,
      comments: ['task approve was rejected by an unnamed person'],
    });
  });

  it('refuses a decision on a task that does not wait for one, changing nothing', () => {
    const s = snapshot();
    new GoalEngine(s, at(0)).plan(gated(), 'inline');
    const early = new GoalEngine(s, at(1)).decide('approve', 'approve', null, 'alice');
    expect(early).toMatchObject({ decisionRefused: 'not_awaiting', changed: false, events: [] });
    expect(early.ignored).toMatch(/not awaiting a decision yet/);
    const notApproval = new GoalEngine(s, at(1)).decide('draft', 'approve', null, 'alice');
    expect(notApproval.decisionRefused).toBe('not_awaiting');
    expect(notApproval.ignored).toMatch(/not an approval step/);
    const unknown = new GoalEngine(s, at(1)).decide('nope', 'approve', null, 'alice');
    expect(unknown.decisionRefused).toBe('unknown_task');

    finish(s, 'draft', { kind: 'text', text: '# Draft' });
    new GoalEngine(s, at(5)).decide('approve', 'approve', null, 'alice');
    const again = new GoalEngine(s, at(6)).decide('approve', 'reject', 'no', 'bob');
    expect(again).toMatchObject({ decisionRefused: 'not_awaiting', changed: false, events: [] });
    expect(again.ignored).toMatch(/already accepted/);
    expect(s.tasks.find((t) => t.name === 'approve')!.decidedBy).toBe('alice');
  });

  it('rejects by default when nobody decides in time, and says it timed out', () => {
    const { s } = waitingGoal();
    const early = new GoalEngine(s, at(60)).checkDecisionTimeouts();
    expect(early.changed).toBe(false);
    const late = new GoalEngine(s, at(61)).checkDecisionTimeouts();
    expect(types(late.events)).toEqual(['TaskDecided', 'GoalFailed']);
    expect(late.events[0]).toMatchObject({
      body: {
        decision: 'reject',
        decidedBy: null,
        comment: "no decision within 60 s: rejected as the step's onTimeout says",
        timedOut: true,
      },
    });
    expect(s.goal).toMatchObject({
      state: 'failed',
      failureCode: 'not_approved',
      reason:
        "task approve timed out waiting for a person's decision: no decision within 60 s: rejected as the step's onTimeout says",
    });
  });

  it('approves when nobody decides in time and onTimeout says approve', () => {
    const { s, approval } = waitingGoal({ onTimeout: 'approve' });
    const late = new GoalEngine(s, at(61)).checkDecisionTimeouts();
    expect(ready(late.events).map((r) => r.name)).toEqual(['publish']);
    expect(approval().state).toBe('accepted');
    expect(JSON.parse(approval().output!)).toMatchObject({
      approved: true,
      comments: ["no decision within 60 s: approved as the step's onTimeout says"],
    });
    const after = new GoalEngine(s, at(62)).decide('approve', 'reject', null, 'bob');
    expect(after.decisionRefused).toBe('not_awaiting');
  });

  it("fails on the goal's deadline while waiting, naming the approval, and refuses a late decision", () => {
    const { s } = waitingGoal({}, { deadlineAt: at(30) });
    const late = new GoalEngine(s, at(31)).decide('approve', 'approve', null, 'alice');
    expect(late.decisionRefused).toBe('not_awaiting');
    expect(types(late.events)).toEqual(['GoalFailed']);
    expect(s.goal.failureCode).toBe('deadline_exceeded');
    expect(s.goal.reason).toMatch(/task approve was awaiting a person's decision$/);
  });

  it('validates its params, naming the step and the field', () => {
    const invalid = (params: Record<string, unknown>) => {
      try {
        gated(params);
      } catch (error) {
        return error instanceof WorkflowValidationError ? error.message : String(error);
      }
      return 'valid';
    };
    expect(invalid({ onTimeout: 'maybe' })).toBe(
      "workflow gated.yaml: step 'approve': field 'params.onTimeout': expected 'reject' or 'approve'",
    );
    expect(invalid({ timeoutMs: 10 })).toBe(
      "workflow gated.yaml: step 'approve': field 'params.timeoutMs': expected at least 1000 (one second)",
    );
    expect(invalid({ timeoutMs: 1e12 })).toMatch(/field 'params.timeoutMs': expected at most/);
    expect(invalid({ prompt: 42 })).toMatch(/field 'params.prompt'/);
    expect(invalid({})).toBe('valid');
  });
});
