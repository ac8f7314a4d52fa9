import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `items` table: one row per stored item or document passage.
 *
 * Full text: `tsv` is generated from title (weight A) and content (weight B) with the english
 * configuration and indexed with GIN, so text matching never scans the table.
 *
 * Vectors: embeddings are `real[]` and similarity is computed exactly in SQL over the text
 * matches plus the most recently updated items (index on updated_at), which needs no extension.
 * Where the pgvector extension is available, the step up is a `vector(256)` column with an HNSW
 * index for the vector side of the repository's candidates; this table needs no other change.
 */
export class CreateMemoryItems1732420000000 implements MigrationInterface {
  name = 'CreateMemoryItems1732420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table items (
        id text primary key,
        kind text not null,
        goal_id text null,
        task_id text null,
        title text null,
        source text null,
        content text not null,
        tags text[] not null default '{}',
        embedding real[] not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        tsv tsvector generated always as (
          setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('english', content), 'B')
        ) stored
      )`);
    await q.query(`create index items_tsv_idx on items using gin (tsv)`);
    await q.query(`create index items_goal_id_idx on items (goal_id)`);
    await q.query(`create index items_updated_at_idx on items (updated_at desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table items`);
  }
}
