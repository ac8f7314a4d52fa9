import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * More of what an award asked for: what its step may quote from memory (`params.quote`, null for
 * memory's default, as for awards recorded before), whether the step may find nothing to cite,
 * and whether every source it was fed came back empty (false for awards recorded before).
 */
export class EvaluatorAwardQuote1768176000000 implements MigrationInterface {
  name = 'EvaluatorAwardQuote1768176000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table awards add column if not exists quote text,
         add column if not exists may_find_nothing boolean not null default false,
         add column if not exists undocumented boolean not null default false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table awards drop column quote, drop column may_find_nothing, drop column undocumented`,
    );
  }
}
