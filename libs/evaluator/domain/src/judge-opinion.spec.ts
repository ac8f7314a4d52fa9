import { describe, expect, it } from 'vitest';
import { fail, judge, pass, type Check } from './checks';
import { combineWithOpinion, MalformedJudgeAnswerError, parseJudgeAnswer } from './judge-opinion';

describe('parseJudgeAnswer', () => {
  it('reads plain JSON', () => {
    expect(parseJudgeAnswer('{ "score": 0.8, "feedback": " fine " }')).toEqual({
      score: 0.8,
      feedback: 'fine',
    });
  });

  it('tolerates a json fence and surrounding whitespace', () => {
    expect(parseJudgeAnswer('\n```json\n{"score": 0, "feedback": "empty"}\n```\n')).toEqual({
      score: 0,
      feedback: 'empty',
    });
    expect(parseJudgeAnswer('```\n{"score": 1, "feedback": ""}\n```')).toEqual({
      score: 1,
      feedback: '',
    });
  });

  it.each([
    ['prose', 'Looks good to me, 8/10'],
    ['an array', '[0.5, "ok"]'],
    ['a score above 1', '{"score": 8, "feedback": "good"}'],
    ['a negative score', '{"score": -0.1, "feedback": "bad"}'],
    ['a score as text', '{"score": "0.5", "feedback": "meh"}'],
    ['no feedback', '{"score": 0.5}'],
  ])('rejects %s', (_, text) => {
    expect(() => parseJudgeAnswer(text)).toThrow(MalformedJudgeAnswerError);
  });

  it('names the field at fault', () => {
    expect(() => parseJudgeAnswer('{"score": 2, "feedback": "x"}')).toThrow(/'score'/);
    expect(() => parseJudgeAnswer('{"score": 1, "feedback": 3}')).toThrow(/'feedback'/);
  });
});

describe('combineWithOpinion', () => {
  const checks: Check[] = [
    pass('structure', 3, true),
    fail('length', 1, false, ['too short'], 0.6),
  ];
  // Deterministic mean: (3 × 1 + 1 × 0.6) / 4 = 0.9.

  it('without an opinion gives exactly the deterministic judgement', () => {
    expect(combineWithOpinion(checks, undefined, 0.3, 0.7)).toEqual(judge(checks, 0.7));
  });

  it('mixes the opinion in with the configured weight and lists its feedback', () => {
    const j = combineWithOpinion(checks, { score: 0.2, feedback: 'misses the point' }, 0.3, 0.7);
    expect(j.score).toBeCloseTo(0.7 * 0.9 + 0.3 * 0.2, 3);
    expect(j.verdict).toBe('REJECTED');
    expect(j.feedback).toContain('judge: misses the point');
    expect(j.feedback).toContain('too short');
  });

  it('a good opinion can lift a borderline output over the threshold', () => {
    const weak: Check[] = [pass('structure', 1, true), fail('length', 1, false, ['short'], 0.3)];
    expect(judge(weak, 0.7).verdict).toBe('REJECTED');
    const j = combineWithOpinion(weak, { score: 1, feedback: '' }, 0.5, 0.7);
    expect(j.score).toBeCloseTo(0.825, 3);
    expect(j.verdict).toBe('ACCEPTED');
  });

  it('weight 0 leaves the score alone and weight 1 lets the opinion decide', () => {
    const opinion = { score: 0.2, feedback: 'weak' };
    expect(combineWithOpinion(checks, opinion, 0, 0.7).score).toBe(0.9);
    expect(combineWithOpinion(checks, opinion, 1, 0.7).score).toBe(0.2);
  });

  it('a hard failure still rejects, whatever the opinion', () => {
    const broken: Check[] = [
      fail('citations', 2, true, ['fabricated quote']),
      pass('length', 1, false),
    ];
    const j = combineWithOpinion(broken, { score: 1, feedback: 'brilliant' }, 0.9, 0.5);
    expect(j).toEqual(judge(broken, 0.5));
    expect(j.verdict).toBe('REJECTED');
  });
});
