import { describe, expect, it } from 'vitest';
import { screenCall, STALE_CALL_MS, type CallSummary } from './call-screening';

const agent = { id: 'translator-1', capabilities: ['translate'], capacity: 2 };
const call: CallSummary = {
  capability: 'translate',
  excludedAgents: [],
  invitedAgents: [],
  bidDeadline: 10_000,
};
const idle = { activeTasks: 0, draining: false };

describe('screenCall', () => {
  it('leaves an open call for a free agent to price, with its load', () => {
    expect(screenCall(agent, { activeTasks: 1, draining: false }, call, 9_000)).toEqual({
      decision: 'open',
      load: 0.5,
    });
  });

  it('does not answer calls that do not concern the agent', () => {
    expect(screenCall(agent, idle, { ...call, capability: 'classify' }, 9_000)).toMatchObject({
      decision: 'IGNORE',
    });
    expect(screenCall(agent, idle, { ...call, invitedAgents: ['other'] }, 9_000)).toMatchObject({
      decision: 'IGNORE',
      reason: 'not invited',
    });
    expect(screenCall(agent, idle, call, 10_000 + STALE_CALL_MS + 1)).toMatchObject({
      decision: 'IGNORE',
      reason: 'call is long over',
    });
  });

  it('refuses, saying why, when draining, excluded or full', () => {
    expect(screenCall(agent, { activeTasks: 0, draining: true }, call, 9_000)).toEqual({
      decision: 'REFUSE',
      reason: 'agent is shutting down',
      load: 0,
    });
    expect(
      screenCall(agent, idle, { ...call, excludedAgents: ['translator-1'] }, 9_000),
    ).toMatchObject({ decision: 'REFUSE', reason: 'excluded from this attempt' });
    expect(screenCall(agent, { activeTasks: 2, draining: false }, call, 9_000)).toEqual({
      decision: 'REFUSE',
      reason: 'at capacity (2/2 tasks)',
      load: 1,
    });
  });
});
