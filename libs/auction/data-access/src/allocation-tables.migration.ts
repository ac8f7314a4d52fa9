import { createOutboxTable } from '@agora/outbox';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Allocation that waits instead of failing: auctions gain a waiting phase (with priority, the
 * goal's deadline and maxWaitMs), invited agents per round, and the partition whose replica
 * judges their deadlines. The roster and reputations move to memory (rebuilt from their compacted
 * topics), so heartbeats cost no database work. Events go out through the shared outbox;
 * awards not yet published when this runs are moved into it.
 */
export class AllocationTables1767312000000 implements MigrationInterface {
  name = 'AllocationTables1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table auctions
        add column partition       integer not null default 0,
        add column priority        integer not null default 0,
        add column deadline_at     bigint,
        add column max_wait_ms     bigint,
        add column invited         text[]  not null default '{}',
        add column first_bid_at    bigint,
        add column waiting_reason  text,
        add column not_before      bigint  not null default 0`);
    await q.query(`alter table auctions drop constraint auctions_phase_check`);
    await q.query(`update auctions set phase = 'waiting' where phase = 'backoff'`);
    await q.query(`update auctions set phase = 'failed' where phase = 'unallocatable'`);
    await q.query(`
      alter table auctions add constraint auctions_phase_check
        check (phase in ('waiting', 'bidding', 'awarded', 'failed', 'cancelled'))`);
    await q.query(`drop index auctions_due_idx`);
    // The sweeper's question: which open rounds of my partitions are due?
    await q.query(
      `create index auctions_bidding_idx on auctions (partition, due_at) where phase = 'bidding'`,
    );
    // The dispatcher's question: which waiting attempts of a capability come first?
    await q.query(
      `create index auctions_waiting_idx on auctions (capability, priority desc, ready_at)
         where phase = 'waiting'`,
    );
    await q.query(`
      alter table bids
        add column sent_at      bigint,
        add column late         boolean not null default false,
        add column incarnation  text    not null default ''`);
    await q.query(`update bids set sent_at = received_at`);
    await q.query(`alter table bids alter column sent_at set not null`);

    await q.query(`alter table outbox rename column task_id to event_key`);
    await createOutboxTable(q);
    await q.query(`
      insert into outbox (event_id, event_type, event_key, payload, created_at)
      select event_id, 'TaskAwarded', task_id, payload, awarded_at from awards
       where published_at is null
      on conflict (event_id) do nothing`);
    await q.query(`
      alter table awards
        drop column published_at,
        add column incarnation  text    not null default '',
        add column partition    integer not null default 0`);
    // Capacity is counted from active leases per agent on every allocation.
    await q.query(
      `create index awards_active_agent_idx on awards (agent_id) where lease_state = 'active'`,
    );
    await q.query(`drop table agents`);
    await q.query(`drop table reputations`);
  }

  down(): Promise<void> {
    return Promise.reject(
      new Error('AllocationTables1767312000000 cannot be reverted: restore from a backup'),
    );
  }
}
