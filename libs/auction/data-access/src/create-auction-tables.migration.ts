import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auction's tables. Times are milliseconds since the epoch (bigint), the unit every event
 * carries, so deadlines from events and from the clock compare without conversion.
 */
export class CreateAuctionTables1767225600000 implements MigrationInterface {
  name = 'CreateAuctionTables1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table auctions (
        task_id            text    not null,
        attempt            integer not null,
        goal_id            text    not null,
        task_name          text    not null,
        capability         text    not null,
        input              text    not null,
        feedback           text,
        excluded_agents    text[]  not null default '{}',
        ready_event_id     text    not null,
        ready_at           bigint  not null,
        round              integer not null default 1,
        phase              text    not null,
        round_opened_at    bigint  not null,
        due_at             bigint  not null,
        last_cfp_event_id  text,
        closed_at          bigint,
        closed_by          text,
        primary key (task_id, attempt),
        constraint auctions_phase_check
          check (phase in ('bidding', 'backoff', 'awarded', 'unallocatable'))
      )`);
    // The sweeper's query: open auctions whose deadline passed.
    await q.query(
      `create index auctions_due_idx on auctions (due_at) where phase in ('bidding', 'backoff')`,
    );
    await q.query(`
      create table bids (
        task_id                text             not null,
        attempt                integer          not null,
        round                  integer          not null,
        agent_id               text             not null,
        event_id               text             not null,
        decision               text             not null,
        cost                   double precision,
        estimated_duration_ms  double precision,
        confidence             double precision,
        load                   double precision not null,
        received_at            bigint           not null,
        primary key (task_id, attempt, round, agent_id)
      )`);
    await q.query(`
      create table awards (
        task_id                 text             not null,
        attempt                 integer          not null,
        event_id                text             not null unique,
        goal_id                 text             not null,
        agent_id                text             not null,
        round                   integer          not null,
        score                   double precision not null,
        closed_by               text             not null,
        awarded_at              bigint           not null,
        lease_expires_at        bigint           not null,
        lease_state             text             not null default 'active',
        lease_closed_at         bigint,
        last_lease_event_id     text             not null,
        payload                 jsonb            not null,
        published_at            bigint,
        constraint awards_task_attempt_unique unique (task_id, attempt),
        constraint awards_lease_state_check
          check (lease_state in ('active', 'closed', 'expired', 'superseded'))
      )`);
    await q.query(
      `create index awards_active_lease_idx on awards (lease_expires_at) where lease_state = 'active'`,
    );
    await q.query(
      `create index awards_unpublished_idx on awards (awarded_at) where published_at is null`,
    );
    await q.query(`
      create table outbox (
        event_id      text   primary key,
        event_type    text   not null,
        task_id       text   not null,
        payload       jsonb  not null,
        created_at    bigint not null,
        published_at  bigint
      )`);
    await q.query(
      `create index outbox_unpublished_idx on outbox (created_at) where published_at is null`,
    );
    await q.query(`
      create table agents (
        agent_id      text    primary key,
        capabilities  text[]  not null,
        capacity      integer not null,
        active_tasks  integer not null,
        status        text    not null,
        interval_ms   integer not null,
        last_seen     bigint  not null
      )`);
    await q.query(`
      create table reputations (
        agent_id    text             not null,
        capability  text             not null,
        score       double precision not null,
        samples     integer          not null,
        failures    integer          not null,
        updated_at  bigint           not null,
        primary key (agent_id, capability)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['reputations', 'agents', 'outbox', 'awards', 'bids', 'auctions']) {
      await q.query(`drop table ${table}`);
    }
  }
}
