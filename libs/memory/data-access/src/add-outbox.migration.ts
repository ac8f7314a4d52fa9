import { createOutboxTable } from '@agora/outbox';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The memory's outbox: MemoryRecorded commits with the items it announces. */
export class AddMemoryOutbox1767400000000 implements MigrationInterface {
  name = 'AddMemoryOutbox1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await createOutboxTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table outbox`);
  }
}
