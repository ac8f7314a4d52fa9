import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attempts lost with their agent's process (TaskFailed `released`) are counted apart: they do not
 * count against a step's maxAttempts.
 */
export class ReleasedAttempts1767398400000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table tasks add column if not exists released_attempts int not null default 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table tasks drop column released_attempts`);
  }
}
