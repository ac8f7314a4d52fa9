import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox table, for a service's own migration to create in its schema. `event_key` is the
 * event's Kafka key, so an operator can find the pending events of a task or goal.
 */
export async function createOutboxTable(q: QueryRunner): Promise<void> {
  await q.query(`
    create table if not exists outbox (
      event_id      text   primary key,
      event_type    text   not null,
      event_key     text   not null,
      payload       jsonb  not null,
      created_at    bigint not null,
      published_at  bigint
    )`);
  await q.query(
    `create index if not exists outbox_unpublished_idx on outbox (created_at) where published_at is null`,
  );
  await q.query(
    `create index if not exists outbox_published_idx on outbox (published_at) where published_at is not null`,
  );
}

/**
 * A migration that adds the outbox to a service whose tables came before it (the evaluator's,
 * the memory's): its events then commit with the state that justifies them.
 */
export class AddOutbox1767400000000 implements MigrationInterface {
  name = 'AddOutbox1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await createOutboxTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table outbox`);
  }
}
