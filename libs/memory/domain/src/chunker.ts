/** How {@link chunkText} cuts. */
export interface ChunkOptions {
  /** Longest passage, in characters; a single longer word is cut anyway. @default 800 */
  maxChars?: number;
}

const DEFAULT_MAX_CHARS = 800;

/**
 * Splits a text into passages of at most `maxChars`, cutting at paragraph breaks first, then
 * at sentence ends, then at spaces, so each passage reads on its own. Small neighbouring
 * paragraphs are packed together; whitespace inside a paragraph is kept as written.
 */
export function chunkText(text: string, options: ChunkOptions = {}): string[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (maxChars < 20) throw new Error(`chunk size must be at least 20 characters, got ${maxChars}`);
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const pieces = paragraphs.flatMap((p) => splitLong(p, maxChars));
  return pack(pieces, maxChars, '\n\n');
}

function splitLong(paragraph: string, maxChars: number): string[] {
  if (paragraph.length <= maxChars) return [paragraph];
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g) ?? [paragraph];
  const parts = sentences
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .flatMap((s) => (s.length <= maxChars ? [s] : splitWords(s, maxChars)));
  return pack(parts, maxChars, ' ');
}

function splitWords(sentence: string, maxChars: number): string[] {
  const words = sentence.split(/\s+/).flatMap((w) => {
    const cut: string[] = [];
    for (let i = 0; i < w.length; i += maxChars) cut.push(w.slice(i, i + maxChars));
    return cut;
  });
  return pack(words, maxChars, ' ');
}

function pack(parts: readonly string[], maxChars: number, joiner: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current.length === 0) current = part;
    else if (current.length + joiner.length + part.length <= maxChars) current += joiner + part;
    else {
      out.push(current);
      current = part;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
