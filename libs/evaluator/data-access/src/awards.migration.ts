import { createHeldResultsTable } from '@agora/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * awards: the agent each task attempt was awarded to, from TaskAwarded; only its result of that
 * attempt is judged.
 * held_results: results (and failures at an agent's fault) read before the award of their
 * attempt, kept until it is read; one per sender and event type, so another agent's result
 * cannot take the place of the winner's.
 */
export class EvaluatorAwards1767571200000 implements MigrationInterface {
  name = 'EvaluatorAwards1767571200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table if not exists awards (
        task_id    text        not null,
        attempt    int         not null,
        agent_id   text        not null,
        created_at timestamptz not null default now(),
        primary key (task_id, attempt)
      )`);
    await createHeldResultsTable(q);
    await q.query(`create index if not exists held_results_held_at_idx on held_results (held_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table held_results`);
    await q.query(`drop table awards`);
  }
}
