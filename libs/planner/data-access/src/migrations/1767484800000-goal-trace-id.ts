import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The trace a goal's events join, so a goal can be found in a tracing UI and in logs. */
export class GoalTraceId1767484800000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table goals add column if not exists trace_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table goals drop column trace_id`);
  }
}
