import { describe, expect, it } from 'vitest';
import { checkAward } from './award-check';

describe('checkAward', () => {
  it("judges the winner's result, refuses anyone else's, and holds one whose award is unread", () => {
    expect(checkAward('agent-1', 'agent-1')).toBe('judge');
    expect(checkAward('intruder', 'agent-1')).toBe('not_awarded');
    expect(checkAward('agent-1', undefined)).toBe('hold');
  });
});
