import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an award asked for, kept beside it: the output kind its step declares (the evaluator
 * judges by it) and the goal's text (what the output must be relevant to). Null for awards
 * recorded before, and for inputs that do not say.
 */
export class EvaluatorAwardTerms1767657600000 implements MigrationInterface {
  name = 'EvaluatorAwardTerms1767657600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table awards add column if not exists output_kind text, add column if not exists goal text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table awards drop column output_kind, drop column goal`);
  }
}
