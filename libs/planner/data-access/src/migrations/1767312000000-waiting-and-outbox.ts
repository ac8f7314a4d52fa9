import { createOutboxTable } from '@agora/outbox';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Goals get a priority and a maxWaitMs, tasks the reason they wait for capacity, and the planner
 * an outbox: its events are committed with the state that caused them and published after.
 */
export class WaitingAndOutbox1767312000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table goals
        add column priority int not null default 0,
        add column max_wait_ms bigint`);
    await q.query(`alter table tasks add column waiting_reason text`);
    // GET /goals?state= and the admission check count live goals.
    await q.query(
      `create index goals_live_idx on goals (state) where state in ('accepted', 'planned', 'running')`,
    );
    await createOutboxTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table outbox`);
    await q.query(`drop index goals_live_idx`);
    await q.query(`alter table tasks drop column waiting_reason`);
    await q.query(`alter table goals drop column max_wait_ms, drop column priority`);
  }
}
