import { describe, expect, it } from 'vitest';
import { checkAward, NO_TERMS, termsOfAward } from './award-check';

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
    ).toEqual({ ...NO_TERMS, outputKind: 'text', goal: 'Summarise this' });
    expect(
      termsOfAward(
        JSON.stringify({
          goal: 'Answer this customer',
          inputs: { message: 'I was charged twice' },
        }),
        'respond',
      ),
    ).toEqual({ ...NO_TERMS, goal: 'Answer this customer\nmessage: I was charged twice' });
    expect(termsOfAward('{broken', 'respond')).toEqual(NO_TERMS);
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

  it('reads what the step may quote and whether it may find nothing; a bad level says nothing', () => {
    const input = (params: Record<string, unknown>) =>
      JSON.stringify({ goal: 'Answer this customer', params });
    expect(termsOfAward(input({ quote: 'public' }), 'respond').quote).toBe('public');
    expect(termsOfAward(input({}), 'respond').quote).toBeNull();
    expect(termsOfAward(input({ quote: 'customers' }), 'respond').quote).toBeNull();
    expect(termsOfAward(input({ mayFindNothing: true }), 'retrieve').mayFindNothing).toBe(true);
    expect(termsOfAward(input({ mayFindNothing: 'yes' }), 'retrieve').mayFindNothing).toBe(false);
  });

  it('calls a step undocumented when every source it is fed came back empty', () => {
    const fed = (...found: number[]) =>
      JSON.stringify({
        goal: 'Answer this customer',
        upstream: [
          {
            taskId: 't0',
            name: 'classify',
            capability: 'classify',
            output: { kind: 'classification', label: 'general', confidence: 0.9, scores: {} },
          },
          ...found.map((n, i) => ({
            taskId: `t${i + 1}`,
            name: 'retrieve',
            capability: 'retrieve',
            output: {
              kind: 'sources',
              query: 'q',
              sources: Array.from({ length: n }, () => ({ itemId: 'doc:a#1', quote: 'a' })),
            },
          })),
        ],
      });
    expect(termsOfAward(fed(0), 'respond').undocumented).toBe(true);
    expect(termsOfAward(fed(0, 0), 'respond').undocumented).toBe(true);
    expect(termsOfAward(fed(0, 2), 'respond').undocumented).toBe(false);
    expect(termsOfAward(fed(1), 'respond').undocumented).toBe(false);
    // Fed no sources at all (a step that does not answer from memory): nothing to say.
    expect(termsOfAward(fed(), 'respond').undocumented).toBe(false);
  });
});
