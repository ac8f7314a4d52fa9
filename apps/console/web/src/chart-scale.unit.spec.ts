import { describe, expect, it } from 'vitest';
import { linePoints, niceCeiling } from './chart-scale';

describe('linePoints', () => {
  it('spreads values across the width, the highest at the top', () => {
    expect(linePoints([0, 5, 10], 100, 20)).toBe('0,20 50,10 100,0');
  });

  it('uses the range given', () => {
    expect(linePoints([0.5, 1], 10, 10, { min: 0, max: 1 })).toBe('0,5 10,0');
  });

  it('draws a flat series in the middle, and nothing for no values', () => {
    expect(linePoints([3, 3], 10, 10)).toBe('0,5 10,5');
    expect(linePoints([], 10, 10)).toBe('');
  });
});

describe('niceCeiling', () => {
  it.each([
    [0, 1],
    [0.3, 0.5],
    [1, 1],
    [3, 5],
    [7, 10],
    [42, 50],
    [180, 200],
  ])('%d rounds up to %d', (max, nice) => {
    expect(niceCeiling(max)).toBeCloseTo(nice);
  });
});
