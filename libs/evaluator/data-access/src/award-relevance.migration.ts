import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How relevant to its goal an award's output must be (the step's `minRelevance`): null for the
 * evaluator's default, as for awards recorded before.
 */
export class EvaluatorAwardRelevance1767916800000 implements MigrationInterface {
  name = 'EvaluatorAwardRelevance1767916800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table awards add column if not exists min_relevance real`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table awards drop column min_relevance`);
  }
}
