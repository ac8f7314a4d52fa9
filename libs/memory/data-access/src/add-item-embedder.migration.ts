import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records which embedder produced each item's vector (e.g. `hash-256`, `openai:<model>:<dims>`):
 * vectors of two embedders are not comparable, so a search compares only vectors of its own
 * embedder. Every vector stored before this column existed came from the built-in hashing
 * embedder, hence the backfill.
 */
export class AddItemEmbedder1764000000000 implements MigrationInterface {
  name = 'AddItemEmbedder1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table items add column embedder text null`);
    await q.query(`update items set embedder = 'hash-256' where embedder is null`);
    // the vector side scans the most recent items of the query's embedder
    await q.query(
      `create index items_embedder_updated_at_idx on items (embedder, updated_at desc)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index items_embedder_updated_at_idx`);
    await q.query(`alter table items drop column embedder`);
  }
}
