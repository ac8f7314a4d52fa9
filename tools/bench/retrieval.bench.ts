import { randomBytes } from 'node:crypto';
import {
  DEFAULT_MIN_SCORE,
  documentPassages,
  loadCorpus,
  PASSAGE_SEPARATOR,
} from '@agora/memory/domain';
import { openRelevanceEmbedder, relevanceThresholds } from '@agora/evaluator/feature';
import { openEmbedder, type MemoryConfig } from '@agora/memory/feature';
import { startMemoryTestApp } from '@agora/memory/feature/testing';
import { ensureStack } from '../stack';
import { benchClient } from './bench-run';
import { relevanceAccuracy, scoreRelevanceSet } from './relevance-accuracy';
import { RELEVANCE_SET } from './relevance-set';
import { ABSENT_SET, RETRIEVAL_SET, type AbsentQuery, type RetrievalQuery } from './retrieval-set';

/*
 * Retrieval quality of the memory's embedders on the bundled corpus:
 *   npm run bench:retrieval
 * For each embedder, a memory service (the real feature module, in this process) on the local
 * stack, in a fresh database schema, stores the corpus over HTTP and answers every query of
 * tools/bench/retrieval-set.ts over HTTP: hybrid search, full text and vectors, as in production.
 * Hits are passages; a document ranks where its first passage does. Embedding throughput is
 * measured apart, by the embedder alone on the corpus's passages. Searches ask for every hit
 * (minScore=0); a second table applies score thresholds to them, with the questions of
 * ABSENT_SET that the corpus does not answer, which is how MEMORY_MIN_SCORE's default was chosen.
 * A last table is the evaluator's relevance check on the labelled (goal, output) pairs of
 * tools/bench/relevance-set.ts, with each embedder at a range of thresholds, its default marked:
 * how EVAL_RELEVANCE_THRESHOLD_MINILM's default was chosen. Prints figures; asserts nothing.
 */

const K = 5;
/** Thresholds tried in the relevance table. */
const RELEVANCE_THRESHOLDS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
/** Thresholds tried in the minScore table. */
const THRESHOLDS = [0, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3];
const CHUNK_CHARS = 800;
const EMBEDDERS: ReadonlyArray<{ name: string; config: Partial<MemoryConfig> }> = [
  { name: 'hashing', config: { MEMORY_EMBEDDER: 'hashing' } },
  { name: 'minilm', config: { MEMORY_EMBEDDER: 'minilm' } },
];
/** The service's default weights, and the vector side alone (what the embedder adds by itself). */
const MODES: ReadonlyArray<{ name: string; config: Partial<MemoryConfig> }> = [
  { name: 'hybrid 0.6/0.4', config: { MEMORY_TEXT_WEIGHT: 0.6, MEMORY_VECTOR_WEIGHT: 0.4 } },
  { name: 'vector only', config: { MEMORY_TEXT_WEIGHT: 0, MEMORY_VECTOR_WEIGHT: 1 } },
];

interface Scores {
  recall3: number;
  recall: number;
  mrr: number;
  top1: number;
  queries: number;
}

/** A search's passages, best first, with the document each belongs to. */
interface Hit {
  doc: string;
  score: number;
}

interface EmbedderResult {
  name: string;
  mode: string;
  /** Every labelled query's hits, and every absent query's. */
  labelled: { query: RetrievalQuery; hits: Hit[] }[];
  absent: { query: AbsentQuery; hits: Hit[] }[];
  id: string;
  passages: number;
  embedMs: number;
  ingestMs: number;
  searchMs: number;
  all: Scores;
  lexical: Scores;
  paraphrase: Scores;
  misses: string[];
}

/** The document a passage belongs to, by file name. */
function documentOf(itemId: string): string {
  return itemId.replace(/^doc:/, '').split(PASSAGE_SEPARATOR)[0] ?? itemId;
}

/** Documents in the order of their best passage. */
function rankedDocuments(hits: readonly Hit[]): string[] {
  const docs: string[] = [];
  for (const { doc } of hits) if (!docs.includes(doc)) docs.push(doc);
  return docs;
}

/** What a search with k=K and this minScore returns: the top K passages scoring at least it. */
function kept(hits: readonly Hit[], minScore: number): Hit[] {
  return hits.slice(0, K).filter((h) => h.score >= minScore);
}

interface ThresholdRow {
  minScore: number;
  recallLexical: number;
  recallParaphrase: number;
  /** Share of the returned passages (labelled queries) that belong to a relevant document. */
  precision: number;
  hitsPerQuery: number;
  emptyUnrelated: number;
  emptyNear: number;
  hitsPerAbsent: number;
}

function thresholdRow(result: EmbedderResult, minScore: number): ThresholdRow {
  const recall = (kind: RetrievalQuery['kind']) => {
    const rows = result.labelled.filter((r) => r.query.kind === kind);
    const sum = rows.reduce((total, { query, hits }) => {
      const docs = new Set(kept(hits, minScore).map((h) => h.doc));
      return total + query.relevant.filter((d) => docs.has(d)).length / query.relevant.length;
    }, 0);
    return sum / Math.max(1, rows.length);
  };
  const returned = result.labelled.flatMap(({ query, hits }) =>
    kept(hits, minScore).map((h) => query.relevant.includes(h.doc)),
  );
  const empty = (kind: AbsentQuery['kind']) =>
    result.absent.filter((r) => r.query.kind === kind && kept(r.hits, minScore).length === 0)
      .length;
  const absentHits = result.absent.reduce((n, r) => n + kept(r.hits, minScore).length, 0);
  return {
    minScore,
    recallLexical: recall('lexical'),
    recallParaphrase: recall('paraphrase'),
    precision: returned.filter(Boolean).length / Math.max(1, returned.length),
    hitsPerQuery: returned.length / Math.max(1, result.labelled.length),
    emptyUnrelated: empty('unrelated'),
    emptyNear: empty('near'),
    hitsPerAbsent: absentHits / Math.max(1, result.absent.length),
  };
}

function score(results: ReadonlyArray<{ query: RetrievalQuery; docs: string[] }>): Scores {
  // every passage counts here, however low it scores: this table is about ranking
  let recall = 0;
  let recall3 = 0;
  let mrr = 0;
  let top1 = 0;
  for (const { query, docs } of results) {
    const top = docs.slice(0, K);
    recall3 +=
      query.relevant.filter((d) => docs.slice(0, 3).includes(d)).length / query.relevant.length;
    recall += query.relevant.filter((d) => top.includes(d)).length / query.relevant.length;
    const first = docs.findIndex((d) => query.relevant.includes(d));
    if (first >= 0) mrr += 1 / (first + 1);
    if (first === 0) top1 += 1;
  }
  const n = Math.max(1, results.length);
  return {
    recall3: recall3 / n,
    recall: recall / n,
    mrr: mrr / n,
    top1: top1 / n,
    queries: results.length,
  };
}

async function benchEmbedder(
  stack: Awaited<ReturnType<typeof ensureStack>>,
  prefix: string,
  spec: (typeof EMBEDDERS)[number],
  mode: (typeof MODES)[number],
): Promise<EmbedderResult> {
  const corpus = await loadCorpus();
  const texts = corpus.flatMap((doc) =>
    documentPassages(doc, CHUNK_CHARS).items.map((i) => `${i.title ?? ''}\n${i.content}`),
  );
  const embedder = await openEmbedder(spec.config);
  await embedder.embed(texts.slice(0, 1)); // warm-up: the first run allocates
  let started = performance.now();
  await embedder.embed(texts);
  const embedMs = performance.now() - started;
  if ('close' in embedder && typeof embedder.close === 'function') await embedder.close();

  const memory = await startMemoryTestApp({
    stack,
    label: `bench-${spec.name}`,
    topicPrefix: `${prefix}${spec.name}-${mode.config.MEMORY_TEXT_WEIGHT ?? ''}.`,
    config: { ...spec.config, ...mode.config, MEMORY_CHUNK_CHARS: CHUNK_CHARS },
  });
  try {
    started = performance.now();
    const stored = await fetch(`${memory.url}/memory/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: corpus }),
    });
    if (stored.status !== 201) throw new Error(`storing the corpus: HTTP ${stored.status}`);
    const ingestMs = performance.now() - started;

    const search = async (text: string): Promise<Hit[]> => {
      const res = await fetch(
        `${memory.url}/memory/search?q=${encodeURIComponent(text)}&k=20&minScore=0`,
      );
      if (res.status !== 200) throw new Error(`search: HTTP ${res.status}`);
      const { hits } = (await res.json()) as { hits: { itemId: string; score: number }[] };
      return hits.map((h) => ({ doc: documentOf(h.itemId), score: h.score }));
    };
    started = performance.now();
    const labelled: EmbedderResult['labelled'] = [];
    for (const query of RETRIEVAL_SET) labelled.push({ query, hits: await search(query.query) });
    const searchMs = performance.now() - started;
    const absent: EmbedderResult['absent'] = [];
    for (const query of ABSENT_SET) absent.push({ query, hits: await search(query.query) });
    const results = labelled.map(({ query, hits }) => ({ query, docs: rankedDocuments(hits) }));
    return {
      name: spec.name,
      mode: mode.name,
      labelled,
      absent,
      id: embedder.id,
      passages: texts.length,
      embedMs,
      ingestMs,
      searchMs,
      all: score(results),
      lexical: score(results.filter((r) => r.query.kind === 'lexical')),
      paraphrase: score(results.filter((r) => r.query.kind === 'paraphrase')),
      misses: results
        .filter((r) => !r.docs.slice(0, K).some((d) => r.query.relevant.includes(d)))
        .map((r) => `${r.query.query} → ${r.docs.slice(0, 2).join(', ') || 'nothing'}`),
    };
  } finally {
    await memory.close();
  }
}

/** The run's topics (the services' consumers create them under its prefix). */
async function deleteTopics(
  stack: Awaited<ReturnType<typeof ensureStack>>,
  prefix: string,
): Promise<void> {
  const client = benchClient(stack, prefix, 'bench-retrieval');
  const admin = client.rawKafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
    await client.close();
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const stack = await ensureStack({ quiet: true });
  const prefix = `bench-retrieval-${randomBytes(4).toString('hex')}.`;
  const results: EmbedderResult[] = [];
  try {
    for (const mode of MODES)
      for (const spec of EMBEDDERS) results.push(await benchEmbedder(stack, prefix, spec, mode));
  } finally {
    await deleteTopics(stack, prefix);
  }
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  const corpus = await loadCorpus();
  const lexicalCount = RETRIEVAL_SET.filter((q) => q.kind === 'lexical').length;
  console.log(
    `Retrieval on the bundled corpus: ${corpus.length} documents, ${results[0]?.passages ?? 0} passages, ` +
      `${RETRIEVAL_SET.length} queries (${lexicalCount} lexical, ${RETRIEVAL_SET.length - lexicalCount} paraphrased); ` +
      'search through the memory service; documents ranked by their best passage.\n',
  );
  console.log(
    table([
      [
        'search',
        'embedder',
        `recall@${K}`,
        'recall@3',
        'top-1',
        'MRR',
        'top-1 paraphr.',
        'MRR paraphr.',
        'MRR lexical',
        'embed corpus',
        'passages/s',
        'ingest (HTTP)',
        'search/query',
      ],
      ...results.map((r) => [
        r.mode,
        r.id,
        pct(r.all.recall),
        pct(r.all.recall3),
        pct(r.all.top1),
        r.all.mrr.toFixed(3),
        pct(r.paraphrase.top1),
        r.paraphrase.mrr.toFixed(3),
        r.lexical.mrr.toFixed(3),
        `${r.embedMs.toFixed(0)} ms`,
        (r.passages / (r.embedMs / 1000)).toFixed(0),
        `${r.ingestMs.toFixed(0)} ms`,
        `${(r.searchMs / RETRIEVAL_SET.length).toFixed(0)} ms`,
      ]),
    ]),
  );
  for (const r of results) {
    console.log(
      `\n${r.mode}, ${r.name}: ${r.misses.length} queries with no relevant document in the top ${K}`,
    );
    for (const miss of r.misses) console.log(`  - ${miss}`);
  }

  const unrelatedCount = ABSENT_SET.filter((q) => q.kind === 'unrelated').length;
  const nearCount = ABSENT_SET.length - unrelatedCount;
  console.log(
    `\nminScore (k=${K}, the service's weights): recall of the labelled queries, and how many of ` +
      `${ABSENT_SET.length} questions the corpus does not answer come back empty ` +
      `(${unrelatedCount} unrelated, ${nearCount} sharing a word or two with it); ` +
      `* the default, MEMORY_MIN_SCORE=${DEFAULT_MIN_SCORE}.\n`,
  );
  const hybrid = results.filter((r) => r.mode === MODES[0]?.name);
  console.log(
    table([
      [
        'embedder',
        'minScore',
        `recall@${K} lexical`,
        `recall@${K} paraphr.`,
        'precision',
        'hits/query',
        'absent: empty unrelated',
        'empty near',
        'hits/absent',
      ],
      ...hybrid.flatMap((r) =>
        THRESHOLDS.map((t) => thresholdRow(r, t)).map((row) => [
          r.id,
          `${row.minScore}${row.minScore === DEFAULT_MIN_SCORE ? ' *' : ''}`,
          pct(row.recallLexical),
          pct(row.recallParaphrase),
          pct(row.precision),
          row.hitsPerQuery.toFixed(1),
          `${row.emptyUnrelated}/${unrelatedCount}`,
          `${row.emptyNear}/${nearCount}`,
          row.hitsPerAbsent.toFixed(1),
        ]),
      ),
    ]),
  );
  await printRelevance();
}

/** The evaluator's relevance check, as the service opens it, with each embedder. */
async function printRelevance(): Promise<void> {
  const defaults = relevanceThresholds({});
  const rows: string[][] = [];
  for (const setting of ['hashing', 'minilm'] as const) {
    const judge = await openRelevanceEmbedder({ EVAL_RELEVANCE_EMBEDDER: setting });
    const scored = await scoreRelevanceSet(judge.name, judge.embedder);
    const embedder = judge.embedder as { close?: () => Promise<void> };
    await embedder.close?.();
    const thresholds = [...new Set([...RELEVANCE_THRESHOLDS, defaults[judge.name]])].sort(
      (a, b) => a - b,
    );
    for (const threshold of thresholds) {
      const a = relevanceAccuracy(scored, threshold);
      const isDefault = threshold === defaults[judge.name];
      rows.push([
        judge.name,
        `${threshold}${isDefault ? ' *' : ''}`,
        `${a.onKept}/${a.on}`,
        `${a.paraphraseKept}/${a.paraphrase}`,
        `${a.offRejected}/${a.off}`,
        `${(((a.onKept + a.offRejected) / (a.on + a.off)) * 100).toFixed(0)}%`,
      ]);
    }
  }
  const on = RELEVANCE_SET.filter((p) => p.label === 'on').length;
  const paraphrases = RELEVANCE_SET.filter((p) => p.kind === 'paraphrase').length;
  console.log(
    `\nRelevance check of the evaluator on ${RELEVANCE_SET.length} labelled outputs ` +
      `(${on} on-topic, ${paraphrases} of them in other words than the goal's; ` +
      `${RELEVANCE_SET.length - on} off-topic): kept on-topic, rejected off-topic; ` +
      `* the defaults, EVAL_RELEVANCE_THRESHOLD=${defaults.hashing} (hashing) and ` +
      `EVAL_RELEVANCE_THRESHOLD_MINILM=${defaults.minilm}.\n`,
  );
  console.log(
    table([
      [
        'embedder',
        'threshold',
        'on-topic kept',
        'paraphrases kept',
        'off-topic rejected',
        'accuracy',
      ],
      ...rows,
    ]),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
