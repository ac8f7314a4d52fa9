import { contentTerms as terms } from '@agora/embeddings';

/**
 * Sentences as exact substrings of the text (no trimming inside), so a sentence can be quoted
 * and found again in its source. Splits after . ! ? followed by white space, and between
 * paragraphs; a single line break inside a paragraph (hard-wrapped text) does not end a sentence.
 * Markdown headings are skipped: they are titles, not statements a summary can quote.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\n(?=\s*#)/)) {
    if (paragraph.trimStart().startsWith('#')) continue;
    for (const match of paragraph.matchAll(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/g)) {
      const sentence = match[0].trim();
      if (terms(sentence).length > 0) out.push(sentence);
    }
  }
  return out;
}

/** Text on one line with single spaces, for display; quotes keep their exact form. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Term frequencies of a text. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * Scores each document by TF-IDF weight of the query's terms it contains, plus a small share of
 * its own term weight so that documents without any query term still rank by informativeness.
 */
export function tfidfScores(documents: readonly string[], query: string): number[] {
  const docTerms = documents.map(termCounts);
  const df = new Map<string, number>();
  for (const counts of docTerms) for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = documents.length;
  const idf = (t: string) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const queryTerms = new Set(terms(query));
  return docTerms.map((counts) => {
    let total = 0;
    let size = 0;
    let own = 0;
    for (const [t, c] of counts) {
      size += c;
      const w = (1 + Math.log(c)) * idf(t);
      own += w;
      if (queryTerms.has(t)) total += w;
    }
    if (size === 0) return 0;
    // Normalise by length so long sentences do not win on length alone.
    return (total + 0.1 * own) / Math.sqrt(size);
  });
}

/** Share of the claim's terms that occur in the evidence, from 0 to 1. */
export function coverage(claim: string, evidence: string): number {
  const claimTerms = new Set(terms(claim));
  if (claimTerms.size === 0) return 0;
  const evidenceTerms = new Set(terms(evidence));
  let found = 0;
  for (const t of claimTerms) if (evidenceTerms.has(t)) found += 1;
  return found / claimTerms.size;
}

/** Cosine similarity of two term-count vectors. */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, v] of a) {
    na += v * v;
    dot += v * (b.get(t) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The text cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
