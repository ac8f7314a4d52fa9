import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Goals and their tasks. Tables are created unqualified: the connection's search_path starts with
 * the service's schema, so the same migration serves the `planner` schema and test schemas.
 */
export class CreatePlannerTables1763900000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table goals (
        id text primary key,
        text text not null,
        workflow text,
        requested_workflow text,
        plan_source text,
        inputs jsonb not null default '{}',
        deadline_at timestamptz,
        max_tasks int,
        max_cost_usd double precision,
        submitted_by text,
        state text not null,
        output text,
        failure_code text,
        reason text,
        failed_task_id text,
        attempts int not null default 0,
        input_tokens bigint not null default 0,
        output_tokens bigint not null default 0,
        cost_usd double precision not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        finished_at timestamptz
      )`);
    await q.query(`create index goals_created_at_idx on goals (created_at)`);
    // The deadline sweeper scans only live goals that have a deadline.
    await q.query(
      `create index goals_live_deadline_idx on goals (deadline_at)
         where deadline_at is not null and state in ('accepted', 'planned', 'running')`,
    );
    await q.query(`
      create table tasks (
        id text primary key,
        goal_id text not null references goals (id) on delete cascade,
        seq int not null,
        name text not null,
        capability text not null,
        depends_on jsonb not null default '[]',
        params jsonb not null default '{}',
        condition jsonb,
        max_attempts int not null,
        state text not null,
        attempt int not null default 0,
        excluded_agents jsonb not null default '[]',
        last_feedback text,
        agent_id text,
        award_score double precision,
        bidders jsonb not null default '[]',
        output text,
        eval_attempt int,
        verdict text,
        eval_score double precision,
        eval_feedback text,
        duration_ms bigint not null default 0,
        input_tokens bigint not null default 0,
        output_tokens bigint not null default 0,
        cost_usd double precision not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        finished_at timestamptz,
        unique (goal_id, name)
      )`);
    await q.query(`create index tasks_goal_id_seq_idx on tasks (goal_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table tasks`);
    await q.query(`drop table goals`);
  }
}
