import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatCost,
  formatDuration,
  formatNumber,
  formatOffset,
  formatPercent,
} from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [4_250, '4.2 s'],
    [9_999, '9.9 s'],
    [42_000, '42 s'],
    [185_000, '3 m 05 s'],
    [2 * 3_600_000 + 10 * 60_000, '2 h 10 m'],
    [3 * 86_400_000 + 4 * 3_600_000 + 59_000, '3 d 4 h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes a dash for a missing or impossible duration', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatAge', () => {
  it('says how long ago', () => {
    expect(formatAge(1_000, 13_000)).toBe('12 s ago');
  });

  it('says just now for a time at or after now', () => {
    expect(formatAge(5_000, 5_400)).toBe('just now');
    expect(formatAge(9_000, 5_000)).toBe('just now');
  });
});

describe('formatCost', () => {
  it.each([
    [0, '$0'],
    [0.00004, '<$0.0001'],
    [0.0042, '$0.0042'],
    [0.123, '$0.123'],
    [12.5, '$12.50'],
    [-0.5, '-$0.500'],
  ])('%d USD is %s', (usd, text) => {
    expect(formatCost(usd)).toBe(text);
  });

  it('writes a dash for an unknown cost', () => {
    expect(formatCost(null)).toBe('—');
  });
});

describe('formatOffset', () => {
  it.each([
    [0, '+0 ms'],
    [1_250, '+1.250 s'],
    [125_000, '+2 m 05 s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });
});

describe('formatClock', () => {
  it('pads hours, minutes, seconds and milliseconds', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
    expect(formatClock(at)).toBe('03:04:05.006');
  });
});

describe('formatNumber and formatPercent', () => {
  it('drops trailing zeros and writes a dash for null', () => {
    expect(formatNumber(0.8500001)).toBe('0.85');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(null)).toBe('—');
    expect(formatPercent(0.424)).toBe('42%');
    expect(formatPercent(undefined)).toBe('—');
  });
});
