/** How the vector side of a search is computed. */
export type VectorPath = 'array' | 'pgvector';

/**
 * pgvector when the `embedding_vec` column exists with the embedder's dimensions (a column of
 * another size cannot hold its vectors); the exact scan over `real[]` otherwise.
 */
export function vectorPathFor(
  columnDimensions: number | null,
  embedderDimensions: number,
): VectorPath {
  return columnDimensions !== null && columnDimensions === embedderDimensions
    ? 'pgvector'
    : 'array';
}

/** A vector as pgvector's text input, `[0.1,0.2,…]`; rejects what pgvector would reject. */
/** A vector as PostgreSQL array text input, e.g. `{0.1,0.2}` for a real[] column. */
export function toArrayLiteral(vector: readonly number[]): string {
  return `{${toVectorLiteral(vector).slice(1, -1)}}`;
}

export function toVectorLiteral(vector: readonly number[]): string {
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) throw new Error(`embedding[${i}]: not a finite number`);
  }
  return `[${vector.join(',')}]`;
}

// The visibility filter is part of every side's scope: an item the caller may not quote is never
// a candidate, so no later step (ranking, k, a caller's own filter) can let it through.
const SCOPE = `($3::text is null or i.goal_id = $3 or i.goal_id is null)
      and (cardinality($6::text[]) = 0 or i.kind = any($6::text[]))
      and i.visibility = any($8::text[])`;

/*
 * Candidates from both sides, merged. Parameters: $1 query text, $2 query embedding (real[] on
 * the array path, a vector literal on the pgvector path), $3 goal scope, $4 limit per side,
 * $5 vector pool size, $6 kinds, $7 embedder id, $8 the visibilities the caller may quote.
 *
 * The pool is every full-text match (found through the GIN index, best $4 kept) plus $5 items
 * of the query's embedder: on the array path the most recently updated ones, compared exactly
 * (bounding the scan keeps a search in tens of milliseconds whatever the size of memory; with
 * the hashing embedder, items that share no word with the query score low anyway); on the
 * pgvector path the nearest ones by the HNSW index. Only vectors of the query's embedder are
 * compared: any other item gets cosine 0 and stays out of the vector side. The query's words
 * are ORed, not ANDed, so a question matches passages that hold some of its words; `coverage`
 * is the share of the query's distinct lexemes a passage holds (the text side of the score), and
 * ts_rank_cd, which puts passages with more of them closer together first, picks the text pool
 * and breaks ties.
 *
 * Only the array path has been run against PostgreSQL: the server the tests use has no pgvector,
 * so the pgvector SQL here and in upsertSql is checked by unit tests of its text alone.
 */
export function candidatesSql(path: VectorPath): string {
  const pool =
    path === 'pgvector'
      ? `select i.id from items i
    where ${SCOPE} and i.embedder = $7 and i.embedding_vec is not null
    order by i.embedding_vec <=> $2::vector limit $5`
      : `select i.id from items i
    where ${SCOPE} and i.embedder = $7
    order by i.updated_at desc limit $5`;
  const cosine =
    path === 'pgvector'
      ? `case when i.embedder = $7 and i.embedding_vec is not null
        then 1 - (i.embedding_vec <=> $2::vector) else 0 end`
      : // in float8: a product of two real components of a model's vector can underflow, which
        // PostgreSQL reports as an error rather than rounding to 0
        `case when i.embedder = $7
        then (select coalesce(sum(a::float8 * b::float8), 0) from unnest(i.embedding, $2::real[]) as v(a, b))
        else 0 end`;
  return `
  with q as (
    select replace(plainto_tsquery('english', $1)::text, ' & ', ' | ')::tsquery as tsq,
      tsvector_to_array(to_tsvector('english', $1)) as lexemes
  ),
  text_hits as (
    select i.id from items i, q
    where i.tsv @@ q.tsq and ${SCOPE}
    order by ts_rank_cd(i.tsv, q.tsq) desc, i.id limit $4
  ),
  vector_pool as (
    ${pool}
  ),
  scored as (
    select i.id, i.kind, i.title, i.source, i.content, i.visibility,
      case when i.tsv @@ q.tsq then ts_rank_cd(i.tsv, q.tsq) else 0 end as text_rank,
      case when cardinality(q.lexemes) > 0 and i.tsv @@ q.tsq
        then cardinality(array(select unnest(q.lexemes) intersect select unnest(tsvector_to_array(i.tsv))))::float8
          / cardinality(q.lexemes)
        else 0 end as coverage,
      ${cosine} as cosine,
      coalesce(i.embedder = $7, false) as comparable
    from items i, q
    where i.id in (select id from text_hits union select id from vector_pool)
  )
  (select id, kind, title, source, content, visibility, text_rank, coverage, cosine from scored
    where text_rank > 0 order by text_rank desc, id limit $4)
  union
  (select id, kind, title, source, content, visibility, text_rank, coverage, cosine from scored
    where comparable order by cosine desc, id limit $4)`;
}

/** Inserts or replaces items; $11 is their visibilities and, with pgvector, $12 their vector literals. */
export function upsertSql(path: VectorPath): string {
  const vec = path === 'pgvector';
  // One statement for a whole batch: one array per column, one element per item. Tags travel as
  // JSON and embeddings as array literals, since unnest flattens arrays of arrays.
  return `
  insert into items (id, kind, goal_id, task_id, title, source, content, tags, embedding, embedder, visibility${vec ? ', embedding_vec' : ''})
  select t.id, t.kind, t.goal_id, t.task_id, t.title, t.source, t.content,
         array(select jsonb_array_elements_text(t.tags)), t.embedding::real[], t.embedder, t.visibility${vec ? ', t.embedding_vec::vector' : ''}
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::jsonb[], $9::text[], $10::text[], $11::text[]${vec ? ', $12::text[]' : ''})
      as t(id, kind, goal_id, task_id, title, source, content, tags, embedding, embedder, visibility${vec ? ', embedding_vec' : ''})
  on conflict (id) do update set
    kind = excluded.kind, goal_id = excluded.goal_id, task_id = excluded.task_id,
    title = excluded.title, source = excluded.source, content = excluded.content,
    tags = excluded.tags, embedding = excluded.embedding, embedder = excluded.embedder,
    visibility = excluded.visibility,${vec ? ' embedding_vec = excluded.embedding_vec,' : ''}
    updated_at = now()`;
}
