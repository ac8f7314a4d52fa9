import type {
  AnalysisOutput,
  Citation,
  ReportOutput,
  SourcesOutput,
  TaskInput,
  TaskOutput,
  ValidationOutput,
} from '@agora/contracts';
import { coverage, oneLine, sentences, tfidfScores, truncate } from './text';

/** A memory hit as the skills need it (MemorySearchCompleted.hits). */
export interface SourceDocument {
  itemId: string;
  title: string | null;
  source: string | null;
  content: string;
}

/** Outputs of a given kind among the upstream results, in workflow order. */
export function upstreamOutputs<K extends TaskOutput['kind']>(
  input: TaskInput,
  kind: K,
): Extract<TaskOutput, { kind: K }>[] {
  return input.upstream
    .map((u) => u.output)
    .filter((o): o is Extract<TaskOutput, { kind: K }> => o.kind === kind);
}

/**
 * What to search memory for: an explicit `params.query`, else the message the goal carries
 * (`inputs.message` or `inputs.ticket`, a support request's own words, which classify and
 * respond read too), else the goal. Memory drops hits below its minScore, so searching for a
 * goal's boilerplate ("Answer this customer") instead of the request would find nothing.
 */
export function searchQueryOf(input: TaskInput): string {
  const query = input.params['query'];
  if (typeof query === 'string' && query.trim()) return query;
  const message = input.inputs['message'] ?? input.inputs['ticket'];
  return message?.trim() ? message : input.goal;
}

/** Maximum hits to ask for: `params.k`, from 1 to 50. @default 5 */
export function searchLimitOf(input: TaskInput): number {
  const k = input.params['k'];
  return typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= 50 ? k : 5;
}

/**
 * gather / retrieve: one citation per hit, quoting the hit's sentences that best match the query
 * (up to `maxQuoteSentences`, kept contiguous so the quote is an exact substring of the content).
 */
export function sourcesFromHits(
  query: string,
  hits: readonly SourceDocument[],
  maxQuoteSentences = 2,
): SourcesOutput {
  const sources: Citation[] = [];
  for (const hit of hits) {
    const quote = bestPassage(hit.content, query, maxQuoteSentences);
    if (!quote) continue;
    sources.push({ itemId: hit.itemId, title: hit.title, source: hit.source, quote });
  }
  return { kind: 'sources', query, sources };
}

/** The best-scoring run of up to `size` consecutive sentences, as an exact substring. */
function bestPassage(content: string, query: string, size: number): string | undefined {
  const all = sentences(content);
  if (all.length === 0) return content.trim() || undefined;
  const scores = tfidfScores(all, query);
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < all.length; i++) {
    let s = 0;
    for (let j = i; j < Math.min(all.length, i + size); j++) s += scores[j] ?? 0;
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  const first = all[best]!;
  const last = all[Math.min(all.length, best + size) - 1]!;
  const start = content.indexOf(first);
  const end = content.indexOf(last, start) + last.length;
  return start >= 0 && end > start ? content.slice(start, end) : first;
}

/**
 * analyze: an extractive summary. Splits every upstream quote into sentences, ranks them by
 * TF-IDF against the goal, and keeps the best `params.points` (default 5) as points; each point
 * is a sentence copied exactly and cites it, so every claim is traceable to its item.
 */
export function analyzeSources(input: TaskInput): AnalysisOutput {
  const citations = upstreamOutputs(input, 'sources').flatMap((s) => s.sources);
  const candidates: { text: string; citation: Citation }[] = [];
  const seen = new Set<string>();
  for (const citation of citations) {
    for (const sentence of sentences(citation.quote)) {
      if (seen.has(sentence)) continue;
      seen.add(sentence);
      candidates.push({ text: sentence, citation: { ...citation, quote: sentence } });
    }
  }
  if (candidates.length === 0) {
    return { kind: 'analysis', summary: 'No sources were available to analyse.', points: [] };
  }
  const focus = [input.goal, input.feedback ?? ''].join(' ');
  const scores = tfidfScores(
    candidates.map((c) => c.text),
    focus,
  );
  const wanted = numberParam(input, 'points', 5, 1, 20);
  const ranked = candidates
    .map((c, i) => ({ ...c, score: scores[i] ?? 0, order: i }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, wanted)
    // Back in source order, so the summary reads as the sources do.
    .sort((a, b) => a.order - b.order);
  return {
    kind: 'analysis',
    summary: truncate(oneLine(ranked.map((r) => r.text).join(' ')), 1_200),
    points: ranked.map((r) => ({ text: r.text, citations: [r.citation] })),
  };
}

/**
 * validate: each upstream analysis point must be backed by at least one citation whose quote
 * covers most of the point's terms and, when the item's content is known, occurs in it exactly.
 */
export function validateAnalysis(
  input: TaskInput,
  itemContents: ReadonlyMap<string, string> = new Map(),
  minCoverage = 0.6,
): ValidationOutput {
  const points = upstreamOutputs(input, 'analysis').flatMap((a) => a.points);
  const issues: string[] = [];
  let supported = 0;
  points.forEach((point, index) => {
    const label = `point ${index + 1} ("${truncate(point.text, 60)}")`;
    if (point.citations.length === 0) {
      issues.push(`${label}: no citation`);
      return;
    }
    const problems: string[] = [];
    const ok = point.citations.some((c) => {
      const content = itemContents.get(c.itemId);
      if (itemContents.size > 0 && content === undefined) {
        problems.push(`item ${c.itemId} not found in memory`);
        return false;
      }
      if (content !== undefined && !content.includes(c.quote)) {
        problems.push(`quote not found in item ${c.itemId}`);
        return false;
      }
      const cover = coverage(point.text, c.quote);
      if (cover < minCoverage) {
        problems.push(`quote from ${c.itemId} covers ${Math.round(cover * 100)}% of the point`);
        return false;
      }
      return true;
    });
    if (ok) supported += 1;
    else issues.push(`${label}: ${problems.join('; ')}`);
  });
  if (points.length === 0) issues.push('no analysis points to check');
  return { kind: 'validation', checked: points.length, supported, issues };
}

/**
 * report: Markdown with a title, a summary, numbered findings citing [n], the validation result
 * when there is one, and a numbered Sources list quoting each citation exactly.
 */
export function composeReport(input: TaskInput): ReportOutput {
  const analyses = upstreamOutputs(input, 'analysis');
  const validations = upstreamOutputs(input, 'validation');
  const title = titleOf(input);
  const citations: Citation[] = [];
  const indexOf = (c: Citation): number => {
    const at = citations.findIndex((x) => x.itemId === c.itemId && x.quote === c.quote);
    if (at >= 0) return at + 1;
    citations.push({
      itemId: c.itemId,
      title: c.title ?? null,
      source: c.source ?? null,
      quote: c.quote,
    });
    return citations.length;
  };
  const points = analyses.flatMap((a) => a.points);
  // Sources gathered but never analysed still deserve a mention when there is no analysis.
  const fallback =
    points.length === 0 ? upstreamOutputs(input, 'sources').flatMap((s) => s.sources) : [];
  const lines: string[] = [`# ${title}`, '', '## Summary', ''];
  const summary = oneLine(analyses.map((a) => a.summary).join(' '));
  lines.push(
    summary ||
      (fallback.length > 0
        ? 'Findings are taken directly from the sources below.'
        : 'No findings: no sources were found for this goal.'),
    '',
  );
  lines.push('## Key findings', '');
  if (points.length > 0) {
    points.forEach((p, i) => {
      const refs = p.citations.map((c) => `[${indexOf(c)}]`).join('');
      lines.push(`${i + 1}. ${oneLine(p.text)} ${refs}`.trimEnd());
    });
  } else if (fallback.length > 0) {
    fallback.forEach((c, i) =>
      lines.push(`${i + 1}. ${truncate(oneLine(c.quote), 300)} [${indexOf(c)}]`),
    );
  } else {
    lines.push('None.');
  }
  lines.push('');
  for (const v of validations) {
    lines.push(
      '## Validation',
      '',
      `${v.supported} of ${v.checked} findings are supported by their sources.`,
    );
    for (const issue of v.issues) lines.push(`- ${issue}`);
    lines.push('');
  }
  if (input.feedback)
    lines.push('## Changes since the previous attempt', '', `Addressed: ${input.feedback}`, '');
  lines.push('## Sources', '');
  if (citations.length === 0) lines.push('None.');
  citations.forEach((c, i) => {
    const name = c.title ?? c.itemId;
    const where = c.source ? ` (${c.source})` : '';
    lines.push(`${i + 1}. ${name}${where}: "${oneLine(c.quote)}"`);
  });
  return { kind: 'report', title, markdown: `${lines.join('\n').trimEnd()}\n`, citations };
}

function titleOf(input: TaskInput): string {
  const explicit = input.params['title'];
  if (typeof explicit === 'string' && explicit.trim()) return explicit.trim();
  const goal = input.goal.trim().replace(/[.?!]+$/, '');
  return truncate(goal.charAt(0).toUpperCase() + goal.slice(1), 100) || 'Report';
}

export function numberParam(
  input: TaskInput,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = input.params[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? value
    : fallback;
}
