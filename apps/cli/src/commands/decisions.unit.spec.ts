import { describe, expect, it } from 'vitest';
import { userHeader } from '../connect';
import { decisionRequest, renderDecisions, renderDecisionTaken } from './decisions.command';

const now = Date.parse('2030-01-01T00:00:00Z');

describe('agora approve and agora reject', () => {
  it('post the decision and the comment to the goal task, escaping both ids', () => {
    expect(decisionRequest('http://p:3000', 'g 1', 'sign/off', 'approve', '  Ship it ')).toEqual({
      url: 'http://p:3000/goals/g%201/tasks/sign%2Foff/decision',
      body: '{"decision":"approve","comment":"Ship it"}',
    });
    expect(decisionRequest('http://p', 'g1', 'approve', 'reject', '   ').body).toBe(
      '{"decision":"reject"}',
    );
    expect(decisionRequest('http://p', 'g1', 'approve', 'reject', undefined).body).toBe(
      '{"decision":"reject"}',
    );
  });

  it('say who decides when the shell knows, and nothing otherwise', () => {
    expect(userHeader({ USER: 'alice' })).toEqual({ 'x-agora-user': 'alice' });
    expect(userHeader({})).toEqual({});
  });

  it('say what the decision did to the goal', () => {
    expect(
      renderDecisionTaken({
        goalId: 'g1',
        task: 'approve',
        decision: 'approve',
        goalState: 'running',
      }),
    ).toBe('approved approve of goal g1: the goal goes on (running)');
    expect(
      renderDecisionTaken({
        goalId: 'g1',
        task: 'approve',
        decision: 'approve',
        goalState: 'completed',
      }),
    ).toBe('approved approve of goal g1: the goal completed (`agora goal` shows its output)');
    expect(
      renderDecisionTaken({
        goalId: 'g1',
        task: 'approve',
        decision: 'reject',
        goalState: 'failed',
      }),
    ).toBe('rejected approve of goal g1: the goal failed as not_approved');
  });
});

describe('agora decisions', () => {
  it('lists each waiting step with its prompt, time left and the commands that decide it', () => {
    expect(
      renderDecisions(
        [
          {
            goalId: 'g1',
            goal: 'Write a post\nabout Kafka',
            task: 'approve',
            prompt: 'Publish this post?',
            deadlineAt: '2030-01-01T03:00:00Z',
            onTimeout: 'reject',
          },
          {
            goalId: 'g2',
            goal: 'Restart the cache',
            task: 'sign-off',
            prompt: null,
            deadlineAt: '2029-12-31T23:59:00Z',
            onTimeout: 'approve',
          },
        ],
        now,
      ),
    ).toEqual([
      'g1  approve  "Write a post about Kafka"',
      '  Publish this post?',
      '  3 h left, then rejected by itself',
      '  agora approve g1 approve [--comment text]',
      '  agora reject g1 approve [--comment text]',
      '',
      'g2  sign-off  "Restart the cache"',
      '  due now, then approved by itself',
      '  agora approve g2 sign-off [--comment text]',
      '  agora reject g2 sign-off [--comment text]',
    ]);
  });

  it('says so when nothing waits', () => {
    expect(renderDecisions([], now)).toEqual(['no decisions are waiting']);
  });
});
