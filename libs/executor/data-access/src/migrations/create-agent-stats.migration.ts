import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgentStats1767225600000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table agent_capability_stats (
        agent_id text not null,
        capability text not null,
        ewma_duration_ms double precision,
        duration_samples integer not null default 0,
        successes integer not null default 0,
        failures integer not null default 0,
        updated_at timestamptz not null default now(),
        primary key (agent_id, capability)
      )`);
    await q.query(`
      create table task_outcome (
        task_id text not null,
        attempt integer not null,
        kind text not null,
        agent_id text not null,
        capability text not null,
        recorded_at timestamptz not null default now(),
        primary key (task_id, attempt, kind)
      )`);
    // Outcomes matter only for deduplication; old rows are pruned by recorded_at.
    await q.query(`create index task_outcome_recorded_at on task_outcome (recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table task_outcome`);
    await q.query(`drop table agent_capability_stats`);
  }
}
