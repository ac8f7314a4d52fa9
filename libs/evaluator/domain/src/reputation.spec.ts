import { describe, expect, it } from 'vitest';
import { afterEvaluation, afterFailure, AGENT_FAULT_CODES, INITIAL_REPUTATION } from './reputation';

describe('reputation', () => {
  it('starts at 0.5 and moves by alpha towards each score', () => {
    const first = afterEvaluation(undefined, 1, 0.3);
    expect(first.score).toBeCloseTo(0.65, 10); // 0.7 * 0.5 + 0.3 * 1
    expect(first).toMatchObject({ samples: 1, failures: 0 });
    const second = afterEvaluation(first, 0, 0.3);
    expect(second.score).toBeCloseTo(0.455, 10); // 0.7 * 0.65
    expect(second.samples).toBe(2);
  });

  it('counts a failure as a score of 0 without adding a sample', () => {
    const r = afterFailure({ score: 0.8, samples: 4, failures: 1 }, 0.5);
    expect(r).toEqual({ score: 0.4, samples: 4, failures: 2 });
    expect(afterFailure(undefined, 0.3)).toEqual({ score: 0.35, samples: 0, failures: 1 });
  });

  it('converges to the long-run score and stays within 0..1', () => {
    let r = INITIAL_REPUTATION;
    for (let i = 0; i < 50; i++) r = afterEvaluation(r, 0.9, 0.3);
    expect(r.score).toBeCloseTo(0.9, 6);
    expect(afterEvaluation(r, 7, 1).score).toBe(1);
  });

  it('refuses an alpha outside (0, 1]', () => {
    expect(() => afterEvaluation(undefined, 1, 0)).toThrow(/alpha/);
    expect(() => afterFailure(undefined, 1.5)).toThrow(/alpha/);
  });

  it('blames the agent only for its own failures', () => {
    expect([...AGENT_FAULT_CODES].sort()).toEqual(['error', 'lease_expired', 'timeout']);
    expect(AGENT_FAULT_CODES.has('unallocatable')).toBe(false);
  });
});
