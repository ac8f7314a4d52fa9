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
  it('reads the declared output kind and the goal with its inputs, and nothing from a bad input', () => {
    expect(
      termsOfAward(JSON.stringify({ goal: 'Summarise this', outputKind: 'text' }), 'write'),
    ).toEqual({ outputKind: 'text', goal: 'Summarise this', minRelevance: null });
    expect(
      termsOfAward(
        JSON.stringify({
          goal: 'Answer this customer',
          inputs: { message: 'I was charged twice' },
        }),
        'respond',
      ),
    ).toEqual({
      outputKind: null,
      goal: 'Answer this customer\nmessage: I was charged twice',
      minRelevance: null,
    });
    expect(termsOfAward('{broken', 'respond')).toEqual({
      outputKind: null,
      goal: null,
      minRelevance: null,
    });
  });

  it("judges relevance by the step's minRelevance, else only for built-in capabilities", () => {
    const input = (params: Record<string, unknown>) =>
      JSON.stringify({ goal: 'Translate this into French', params });
    expect(termsOfAward(input({}), 'translate').minRelevance).toBe(0);
    expect(termsOfAward(input({ minRelevance: 0.2 }), 'translate').minRelevance).toBe(0.2);
    expect(termsOfAward(input({}), 'write').minRelevance).toBeNull();
    expect(termsOfAward(input({ minRelevance: 0 }), 'write').minRelevance).toBe(0);
    // Out of range or not a number: the default, as if the step said nothing.
    expect(termsOfAward(input({ minRelevance: 3 }), 'write').minRelevance).toBeNull();
    expect(termsOfAward(input({ minRelevance: 'high' }), 'write').minRelevance).toBeNull();
  });
});
