import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What did each task's current attempt's work: `{"mode":"model","model":"provider/model"}` or
 * `{"mode":"offline"}` (TaskCompleted.usage.model). Snapshots travel as JSON rows read into the
 * table's own type, so a field with no column would be dropped on write. Tasks completed before
 * this migration keep null: which it was is not known.
 */
export class TaskDoneBy1768003200000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table tasks add column if not exists done_by jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table tasks drop column done_by`);
  }
}
