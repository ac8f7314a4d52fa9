import { describe, expect, it } from 'vitest';
import { goalIdForKey, idempotencyKeyProblem } from './idempotency';

describe('goal ids from Idempotency-Key', () => {
  it('gives one version-5 UUID per key, the same every time, and another for another key', () => {
    const id = goalIdForKey('order-42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(goalIdForKey('order-42')).toBe(id);
    expect(goalIdForKey('order-43')).not.toBe(id);
  });

  it('names what is wrong with a key', () => {
    expect(idempotencyKeyProblem('ask:g1/write:call_1:ab12')).toBeUndefined();
    expect(idempotencyKeyProblem('')).toBe('must not be empty');
    expect(idempotencyKeyProblem('a b')).toBe('must be printable ASCII without spaces');
    expect(idempotencyKeyProblem('x'.repeat(256))).toBe('must be at most 255 characters, got 256');
  });
});
