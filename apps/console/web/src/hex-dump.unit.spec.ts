import { describe, expect, it } from 'vitest';
import { hexDump } from './hex-dump';

const hexOf = (text: string): string =>
  Array.from(text, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

describe('hexDump', () => {
  it('shows 16 bytes a line with their offset and text', () => {
    const lines = hexDump(hexOf('{"goal":"x"}\u0000\u0001abcdefgh'));
    expect(lines).toEqual([
      {
        offset: '00000000',
        hex: '7b 22 67 6f 61 6c 22 3a  22 78 22 7d 00 01 61 62',
        text: '{"goal":"x"}..ab',
      },
      { offset: '00000010', hex: '63 64 65 66 67 68', text: 'cdefgh' },
    ]);
  });

  it('stops at maxBytes', () => {
    const lines = hexDump('ff'.repeat(100), 20);
    expect(lines.map((l) => l.text.length)).toEqual([16, 4]);
  });

  it('is empty for no bytes', () => {
    expect(hexDump('')).toEqual([]);
  });
});
