import { createHeldResultsTable } from '@agora/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results and failures read before the award of their attempt, kept until the award is read
 * (then applied or refused) or until the attempt is over. One row per sender and event type, so
 * a result sent by another agent cannot take the place of the winner's.
 */
export class HeldResults1767571200000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await createHeldResultsTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table held_results`);
  }
}
