import type { QueryRunner } from 'typeorm';

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
