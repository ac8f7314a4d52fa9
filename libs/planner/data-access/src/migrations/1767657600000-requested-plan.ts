import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The plan a goal carries instead of a workflow (GoalSubmitted.plan), validated when planned. */
export class RequestedPlan1767657600000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table goals add column if not exists requested_plan text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table goals drop column requested_plan`);
  }
}
