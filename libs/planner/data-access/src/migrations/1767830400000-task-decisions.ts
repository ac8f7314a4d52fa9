import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval steps wait for a person: until when (the sweeper decides by the step's onTimeout
 * after that), and who decided. The partial index serves the sweeper and GET /decisions, which
 * look only at approvals still waiting.
 */
export class TaskDecisions1767830400000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table tasks add column if not exists decision_due_at timestamptz`);
    await q.query(`alter table tasks add column if not exists decided_by text`);
    await q.query(
      `create index if not exists tasks_awaiting_decision_idx on tasks (decision_due_at)
        where state = 'waiting' and decision_due_at is not null`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists tasks_awaiting_decision_idx`);
    await q.query(`alter table tasks drop column decided_by`);
    await q.query(`alter table tasks drop column decision_due_at`);
  }
}
