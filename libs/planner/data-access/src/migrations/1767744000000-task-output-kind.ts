import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The output kind each step declares, handed to its tasks (TaskInput.outputKind). */
export class TaskOutputKind1767744000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table tasks add column if not exists output_kind text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table tasks drop column output_kind`);
  }
}
