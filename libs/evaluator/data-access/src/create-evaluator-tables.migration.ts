import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * evaluations: one row per judged attempt (the primary key makes judging idempotent).
 * agent_failures: attempts that failed at an agent's fault, counted once each.
 * reputations: the current figures per agent and capability.
 */
export class CreateEvaluatorTables1732420000000 implements MigrationInterface {
  name = 'CreateEvaluatorTables1732420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table evaluations (
        task_id text not null,
        attempt int not null,
        agent_id text not null,
        capability text not null,
        verdict text not null check (verdict in ('ACCEPTED', 'REJECTED')),
        score double precision not null check (score between 0 and 1),
        feedback text not null,
        event_id uuid not null,
        occurred_at bigint not null,
        goal_id text null,
        causation_id uuid null,
        created_at timestamptz not null default now(),
        primary key (task_id, attempt)
      )`);
    await q.query(`
      create table agent_failures (
        task_id text not null,
        attempt int not null,
        agent_id text not null,
        capability text not null,
        code text not null,
        created_at timestamptz not null default now(),
        primary key (task_id, attempt)
      )`);
    await q.query(`
      create table reputations (
        agent_id text not null,
        capability text not null,
        score double precision not null check (score between 0 and 1),
        samples int not null,
        failures int not null,
        updated_at timestamptz not null default now(),
        primary key (agent_id, capability)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table reputations`);
    await q.query(`drop table agent_failures`);
    await q.query(`drop table evaluations`);
  }
}
