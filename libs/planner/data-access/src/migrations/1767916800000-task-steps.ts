import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal of model-driven attempts (TaskStepJournaled), kept for GET /goals/:id/steps: one
 * row per step of an attempt. The key makes recording idempotent, since Kafka may deliver a step
 * twice; steps of a goal are read together, hence the index.
 */
export class TaskSteps1767916800000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table if not exists task_steps (
        task_id text not null,
        attempt int not null,
        seq int not null,
        goal_id text not null,
        agent_id text not null,
        kind text not null,
        name text,
        call_id text,
        arguments text,
        result text,
        request_hash text,
        usage jsonb,
        replayed_from int,
        recorded_at timestamptz not null,
        primary key (task_id, attempt, seq)
      )`);
    await q.query(`create index if not exists task_steps_goal_idx on task_steps (goal_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table task_steps`);
  }
}
