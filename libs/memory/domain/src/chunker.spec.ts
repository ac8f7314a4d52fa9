import { describe, expect, it } from 'vitest';
import { chunkText } from './chunker';

describe('chunkText', () => {
  it('keeps a short text whole', () => {
    expect(chunkText('One paragraph.\n\nAnother one.', { maxChars: 800 })).toEqual([
      'One paragraph.\n\nAnother one.',
    ]);
  });

  it('cuts at paragraph breaks and packs small paragraphs together', () => {
    const p = (n: number) => `Paragraph ${n} ${'x'.repeat(300)}.`;
    const chunks = chunkText([p(1), p(2), p(3)].join('\n\n'), { maxChars: 700 });
    expect(chunks).toEqual([`${p(1)}\n\n${p(2)}`, p(3)]);
  });

  it('cuts a long paragraph at sentence ends, never above the limit', () => {
    const sentence = (n: number) => `Sentence number ${n} says something about partitions.`;
    const paragraph = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkText(paragraph, { maxChars: 200 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(200);
      expect(chunk).toMatch(/^Sentence number \d+/);
      expect(chunk).toMatch(/partitions\.$/);
    }
    expect(chunks.join(' ')).toBe(paragraph);
  });

  it('cuts a sentence without ends at spaces, and a giant word anyway', () => {
    const words = chunkText('word '.repeat(100).trim(), { maxChars: 50 });
    expect(words.every((c) => c.length <= 50 && !c.startsWith(' '))).toBe(true);
    expect(chunkText('y'.repeat(120), { maxChars: 50 })).toEqual([
      'y'.repeat(50),
      'y'.repeat(50),
      'y'.repeat(20),
    ]);
  });

  it('returns nothing for blank text and refuses a tiny limit', () => {
    expect(chunkText(' \n\n ')).toEqual([]);
    expect(() => chunkText('abc', { maxChars: 5 })).toThrow(/at least 20/);
  });
});
