import { describe, expect, it } from 'vitest';
import { checkAward, termsOfAward } from './award-check';

describe('checkAward', () => {
  it("judges the winner's result, refuses anyone else's, and holds one whose award is unread", () => {
    expect(checkAward('agent-1', 'agent-1')).toBe('judge');
    expect(checkAward('intruder', 'agent-1')).toBe('not_awarded');
    expect(checkAward('agent-1', undefined)).toBe('hold');
  });
});

describe('termsOfAward', () => {
  it('reads the declared output kind and the goal from the input, and nothing from a bad one', () => {
    expect(termsOfAward(JSON.stringify({ goal: 'Translate this', outputKind: 'text' }))).toEqual({
      outputKind: 'text',
      goal: 'Translate this',
    });
    expect(termsOfAward(JSON.stringify({ goal: 'Older input' }))).toEqual({
      outputKind: null,
      goal: 'Older input',
    });
    expect(termsOfAward('{broken')).toEqual({ outputKind: null, goal: null });
  });
});
