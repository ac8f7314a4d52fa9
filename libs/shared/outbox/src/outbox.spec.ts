import { newEnvelope, type GoalSubmitted } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { testDataSource } from '@agora/database/testing';
import type { MessagingClient, OutgoingEvent } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger, renderMetrics } from '@agora/observability';
import { uniquePrefix, waitFor } from '@agora/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from './outbox';
import { createOutboxTable } from './outbox.migration';

class CreateOutbox1700000000000 implements MigrationInterface {
  name = 'CreateOutbox1700000000000';
  up(q: QueryRunner): Promise<void> {
    return createOutboxTable(q);
  }
  async down(): Promise<void> {}
}

const logger = createLogger('outbox-test', 'silent');
let db: Awaited<ReturnType<typeof testDataSource>>;
let client: MessagingClient;
const seen: string[] = [];

beforeAll(async () => {
  const prefix = uniquePrefix('outbox');
  db = await testDataSource({
    entities: [],
    migrations: [CreateOutbox1700000000000],
    label: 'outbox',
  });
  client = testMessagingClient(prefix, { service: 'outbox-test' });
  await client.connect(['GoalSubmitted']);
  await client
    .consumer(`${prefix}observer`)
    .on('GoalSubmitted', (e) => void seen.push(e.envelope.eventId))
    .start();
});

afterAll(async () => {
  await client?.close();
  await db?.drop();
});

function goal(): OutgoingEvent {
  const base = sampleEvent('GoalSubmitted');
  const event: GoalSubmitted = {
    ...base,
    envelope: newEnvelope({
      producer: { service: 'outbox-test', version: '0' },
      goalId: `g-${Math.random()}`,
    }),
  };
  return { type: 'GoalSubmitted', event };
}

const idOf = (e: OutgoingEvent) => e.event.envelope.eventId;

async function relayLag(): Promise<number> {
  const { body } = await renderMetrics();
  const line = body.split('\n').find((l) => l.startsWith('agora_outbox_relay_lag_seconds'));
  return Number(line?.split(' ').pop());
}

describe('Outbox on PostgreSQL and Kafka', () => {
  it('publishes after commit and marks the rows published', async () => {
    const outbox = new Outbox(db.dataSource, client.publisher, logger, { relayEveryMs: 0 });
    const events = [goal(), goal()];
    await db.dataSource.transaction((m) => outbox.stage(m, events));
    await outbox.publish(events);
    await outbox.close();
    await waitFor('both events', () =>
      events.every((e) => seen.includes(idOf(e))) ? true : undefined,
    );
    const rows = await db.dataSource.query<{ published_at: string | null }[]>(
      `select published_at from outbox where event_id = any($1::text[])`,
      [events.map(idOf)],
    );
    expect(rows.map((r) => r.published_at !== null)).toEqual([true, true]);
  });

  it('stages nothing when the transaction rolls back', async () => {
    const outbox = new Outbox(db.dataSource, client.publisher, logger, {
      relayEveryMs: 0,
      republishAfterMs: 0,
    });
    const doomed = goal();
    await expect(
      db.dataSource.transaction(async (m) => {
        await outbox.stage(m, [doomed]);
        throw new Error('forced rollback');
      }),
    ).rejects.toThrow('forced rollback');
    expect(await outbox.relay(Date.now() + 60_000)).toBe(0);
    await outbox.close();
    const rows = await db.dataSource.query<unknown[]>(`select 1 from outbox where event_id = $1`, [
      idOf(doomed),
    ]);
    expect(rows).toEqual([]);
  });

  it('relays committed events never published, each once, with two replicas relaying at once', async () => {
    const replicas = [1, 2].map(
      () =>
        new Outbox(db.dataSource, client.publisher, logger, {
          relayEveryMs: 0,
          republishAfterMs: 100,
          batchSize: 50,
        }),
    );
    // What replicas leave behind when they die between commit and publish.
    const stranded = Array.from({ length: 240 }, goal);
    await db.dataSource.transaction((m) => replicas[0]!.stage(m, stranded));
    await new Promise((r) => setTimeout(r, 150));
    // A pass that is not due to republish anything yet still measures the lag.
    const patient = new Outbox(db.dataSource, client.publisher, logger, {
      relayEveryMs: 0,
      republishAfterMs: 3_600_000,
    });
    expect(await patient.relay()).toBe(0);
    await patient.close();
    expect(await relayLag()).toBeGreaterThanOrEqual(0.1);
    let published = 0;
    while (true) {
      const counts = await Promise.all(replicas.map((o) => o.relay()));
      published += counts.reduce((a, b) => a + b, 0);
      if (counts.every((c) => c === 0)) break;
    }
    expect(published).toBe(stranded.length);
    expect(await relayLag()).toBe(0);
    await waitFor('every stranded event', () =>
      stranded.every((e) => seen.includes(idOf(e))) ? true : undefined,
    );
    const ids = new Set(stranded.map(idOf));
    expect(seen.filter((id) => ids.has(id))).toHaveLength(stranded.length);
    await Promise.all(replicas.map((o) => o.close()));
  });
});
