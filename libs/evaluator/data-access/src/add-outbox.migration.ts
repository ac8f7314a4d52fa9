import { createOutboxTable } from '@agora/outbox';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluator's outbox: TaskEvaluated and AgentReputation commit with the verdict and the
 * reputation move that justify them, and are published after.
 */
export class AddEvaluatorOutbox1767400000000 implements MigrationInterface {
  name = 'AddEvaluatorOutbox1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await createOutboxTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table outbox`);
  }
}
