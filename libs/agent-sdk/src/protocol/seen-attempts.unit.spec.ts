import { describe, expect, it } from 'vitest';
import { SeenAttempts } from './seen-attempts';

describe('SeenAttempts', () => {
  it('says whether an attempt is new, per task and attempt', () => {
    const seen = new SeenAttempts();
    expect(seen.add('t-1', 1)).toBe(true);
    expect(seen.add('t-1', 1)).toBe(false);
    expect(seen.add('t-1', 2)).toBe(true);
    expect(seen.add('t-2', 1)).toBe(true);
  });

  it('forgets the oldest past its limit', () => {
    const seen = new SeenAttempts(2);
    seen.add('t-1', 1);
    seen.add('t-2', 1);
    seen.add('t-3', 1);
    expect(seen.size).toBe(2);
    expect(seen.add('t-1', 1)).toBe(true);
    expect(seen.add('t-3', 1)).toBe(false);
  });
});
