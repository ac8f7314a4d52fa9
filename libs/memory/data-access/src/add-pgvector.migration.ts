import type { MigrationInterface, QueryRunner } from 'typeorm';

/** pgvector indexes (HNSW, ivfflat) take at most this many dimensions. */
export const PGVECTOR_INDEX_MAX_DIMENSIONS = 2000;

/**
 * Where PostgreSQL offers the pgvector extension, adds `embedding_vec vector(<dimensions>)` with
 * an HNSW cosine index, backfilled from the `real[]` column where the lengths agree; where it
 * does not, does nothing, and search keeps computing similarity over `real[]`. The repository
 * looks for the column at start-up and uses it only when its dimensions match the embedder's.
 *
 * TypeORM instantiates migrations itself, so the dimensions are bound into a class here. The
 * column is created once: changing EMBEDDING_DIMENSIONS later leaves it at the old size, and the
 * repository then falls back to the `real[]` path.
 *
 * The pgvector branch has not been run against a PostgreSQL with the extension installed.
 */
export function addPgvectorMigration(dimensions: number): new () => MigrationInterface {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16_000) {
    throw new Error(
      `EMBEDDING_DIMENSIONS: expected a whole number from 1 to 16000, got ${dimensions}`,
    );
  }
  return class AddPgvectorEmbedding1764000000001 implements MigrationInterface {
    name = 'AddPgvectorEmbedding1764000000001';

    async up(q: QueryRunner): Promise<void> {
      const available = (await q.query(
        `select 1 from pg_available_extensions where name = 'vector'`,
      )) as unknown[];
      if (available.length === 0) return;
      await q.query(`create extension if not exists vector`);
      await q.query(`alter table items add column embedding_vec vector(${dimensions}) null`);
      await q.query(
        `update items set embedding_vec = embedding::vector
         where cardinality(embedding) = ${dimensions}`,
      );
      if (dimensions <= PGVECTOR_INDEX_MAX_DIMENSIONS) {
        await q.query(
          `create index items_embedding_vec_idx on items using hnsw (embedding_vec vector_cosine_ops)`,
        );
      }
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`drop index if exists items_embedding_vec_idx`);
      await q.query(`alter table items drop column if exists embedding_vec`);
    }
  };
}
