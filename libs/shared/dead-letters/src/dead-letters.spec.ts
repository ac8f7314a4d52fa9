import { loadConfig, serviceEnvSchema } from '@agora/config';
import type { EventMap } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { testDataSource } from '@agora/database/testing';
import { FatalError, REPLAY_OF_HEADER, type MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { ServiceRuntimeModule } from '@agora/runtime';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetterPage } from './api/dead-letters.controller';
import { DeadLetterModule } from './dead-letter.module';
import type { DeadLetterView, PurgeReport, ReplayedDeadLetter } from './dead-letter-view';

/*
 * The dead-letter API in a service of its own, on the real stack: a consumer dead-letters what it
 * is sent on TaskProgress (garbage bytes, and an event its handler refuses), and the routes list,
 * show, replay and purge those dead letters.
 */
const prefix = uniquePrefix('dead-letters-api');
let app: INestApplication;
let url: string;
let swarm: MessagingClient;
let reader: ReturnType<MessagingClient['rawKafka']['consumer']>;
let dropSchema: () => Promise<void>;
/** What arrives on TaskProgress, with its replay header. */
const seen: { value: Buffer; replayOf?: string }[] = [];

interface ApiError {
  message: string;
  fields?: { field: string; message: string }[];
}

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as T };
}
const list = (query = '') => call<DeadLetterPage>('GET', `/dead-letters${query}`);

beforeAll(async () => {
  const stack = stackEnv();
  const db = await testDataSource({ label: 'dead-letters' });
  dropSchema = db.drop;
  const env = loadConfig('dead-letters', serviceEnvSchema, {
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
    DATABASE_URL: stack.DATABASE_URL,
    DATABASE_SCHEMA: db.schema,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_MAX_PARTITIONS: '2',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger('dead-letters', 'silent');
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        context: { service: 'dead-letters-test', version: '0.0.0-test', env, logger },
      }),
      DeadLetterModule,
    ],
  })
  class TestApp {}
  app = await NestFactory.create(TestApp, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  swarm = testMessagingClient(prefix);
  await swarm.connect(['TaskProgress', 'DeadLetter']);
  await swarm
    .consumer()
    .on('TaskProgress', (event) => {
      if (event.message === 'refuse me') throw new FatalError('progress for a task nobody runs');
    })
    .start();
  reader = swarm.rawKafka.consumer({ groupId: `${prefix}raw-reader` });
  await reader.connect();
  await reader.subscribe({ topic: swarm.topics.topic('TaskProgress'), fromBeginning: true });
  await reader.run({
    eachMessage: ({ message }) => {
      const replayOf = message.headers?.[REPLAY_OF_HEADER];
      seen.push({
        value: message.value ?? Buffer.alloc(0),
        ...(replayOf ? { replayOf: String(replayOf) } : {}),
      });
      return Promise.resolve();
    },
  });
}, 120_000);

afterAll(async () => {
  await reader?.disconnect();
  await swarm?.close();
  await app?.close();
  await dropSchema?.();
});

describe('the dead-letter API on the real stack', () => {
  const garbage = Buffer.from('garbage for the dead-letter API');
  const refused: EventMap['TaskProgress'] = {
    ...sampleEvent('TaskProgress'),
    message: 'refuse me',
  };
  /** Between the first two dead letters and those the replays cause. */
  let cut = 0;
  let garbageAt = '';
  let refusedAt = '';
  let sourceOffsetOfGarbage = '';

  it('lists dead letters newest first, filtered by topic, classification and time', async () => {
    // Before anything is sent: the consumer may dead-letter the garbage while the producer
    // is still disconnecting.
    const before = Date.now() - 1;
    const raw = swarm.rawKafka.producer();
    await raw.connect();
    const topic = swarm.topics.topic('TaskProgress');
    const [meta] = await raw.send({
      topic,
      messages: [{ key: 'task-1', value: garbage, headers: { origin: 'test' } }],
    });
    await raw.disconnect();
    sourceOffsetOfGarbage = `${topic}/${meta!.partition}/${meta!.baseOffset}`;
    await swarm.publisher.publish('TaskProgress', refused);

    const page = await waitFor('both dead letters', async () => {
      const res = await list();
      return res.json.total === 2 ? res : undefined;
    });
    cut = Date.now();
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ total: 2, limit: 50, offset: 0 });
    const [newest, oldest] = page.json.items;
    expect(newest!.classification).toBe('fatal');
    expect(oldest!.classification).toBe('undecodable');
    expect(oldest).toMatchObject({
      source: { topic, eventType: 'TaskProgress', partition: meta!.partition },
      consumerGroup: `${prefix}test`,
      attempts: 1,
    });
    garbageAt = oldest!.position;
    refusedAt = newest!.position;

    const positions = async (query: string) =>
      (await list(query)).json.items.map((i) => i.position);
    expect(await positions('?classification=fatal')).toEqual([refusedAt]);
    expect(await positions('?topic=TaskProgress&classification=undecodable')).toEqual([garbageAt]);
    expect(await positions(`?topic=${topic}`)).toEqual([refusedAt, garbageAt]);
    expect(await positions('?topic=GoalSubmitted')).toEqual([]);
    expect(await positions(`?since=${new Date(cut + 60_000).toISOString()}`)).toEqual([]);
    expect(await positions(`?until=${new Date(before).toISOString()}`)).toEqual([]);
    const second = await list('?limit=1&offset=1');
    expect(second.json).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(second.json.items.map((i) => i.position)).toEqual([garbageAt]);
  });

  it('shows one: the event decoded when it can be, the bytes in hex when not', async () => {
    const [partition, offset] = refusedAt.split(':');
    const decoded = await call<DeadLetterView>('GET', `/dead-letters/${partition}/${offset}`);
    expect(decoded.status).toBe(200);
    expect(decoded.json.errorMessage).toBe('progress for a task nobody runs');
    expect(decoded.json.goalId).toBe(refused.envelope.goalId);
    expect(decoded.json.value).toMatchObject({
      encoding: 'avro',
      eventType: 'TaskProgress',
      event: { taskId: refused.taskId, message: 'refuse me' },
    });

    const [gp, go] = garbageAt.split(':');
    const hex = await call<DeadLetterView>('GET', `/dead-letters/${gp}/${go}`);
    expect(hex.json).toMatchObject({
      key: 'task-1',
      headers: [{ key: 'origin', value: 'test' }],
      value: { encoding: 'hex', bytes: garbage.length, hex: garbage.toString('hex') },
    });
    expect((hex.json.value as { reason: string }).reason).toMatch(/not the Confluent magic byte/);

    const missing = await call<ApiError>('GET', `/dead-letters/${gp}/99999`);
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe(`no dead letter at ${gp}:99999`);
  });

  it('replays to the original topic with the replay header naming the original offset', async () => {
    const one = await call<{ replayed: ReplayedDeadLetter[] }>('POST', '/dead-letters/replay', {
      positions: [garbageAt],
    });
    expect(one.status).toBe(200);
    expect(one.json.replayed).toEqual([
      {
        position: garbageAt,
        to: {
          topic: swarm.topics.topic('TaskProgress'),
          partition: expect.any(Number),
          offset: expect.any(String),
        },
      },
    ]);
    const again = await waitFor('the replayed garbage', () =>
      seen.find((m) => m.replayOf !== undefined && m.value.equals(garbage)),
    );
    expect(again.replayOf).toBe(sourceOffsetOfGarbage);

    const byFilter = await call<{ replayed: ReplayedDeadLetter[] }>(
      'POST',
      '/dead-letters/replay',
      { all: true, classification: 'fatal', until: new Date(cut).toISOString() },
    );
    expect(byFilter.json.replayed.map((r) => r.position)).toEqual([refusedAt]);
    await waitFor('the replayed event', () =>
      seen.find((m) => m.replayOf !== undefined && !m.value.equals(garbage)),
    );
  });

  it('purges: a dry run by default, then everything before a time, then all', async () => {
    // The replayed messages failed again: four dead letters, all on one partition (keyed by topic).
    await waitFor('the replays dead-lettered again', async () =>
      (await list()).json.total === 4 ? true : undefined,
    );
    const partition = Number(garbageAt.split(':')[0]);

    const dry = await call<PurgeReport>('POST', '/dead-letters/purge', {
      before: new Date(cut).toISOString(),
    });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({
      dryRun: true,
      records: 2,
      cut: { before: new Date(cut).toISOString() },
    });
    expect(dry.json.partitions.find((p) => p.partition === partition)?.records).toBe(2);
    expect((await list()).json.total).toBe(4);

    const done = await call<PurgeReport>('POST', '/dead-letters/purge', {
      before: new Date(cut).toISOString(),
      confirm: true,
    });
    expect(done.json).toMatchObject({ dryRun: false, records: 2 });
    const left = await list();
    expect(left.json.total).toBe(2);
    expect(left.json.items.map((i) => i.position)).not.toContain(garbageAt);
    expect(left.json.items.map((i) => i.position)).not.toContain(refusedAt);

    const all = await call<PurgeReport>('POST', '/dead-letters/purge', {
      all: true,
      confirm: true,
    });
    expect(all.json).toMatchObject({ dryRun: false, cut: { all: true }, records: 2 });
    expect((await list()).json).toMatchObject({ total: 0, items: [] });
  });

  it('answers 400 naming the field for bad filters and bodies', async () => {
    const cases: [Promise<{ status: number; json: ApiError }>, RegExp][] = [
      [call('GET', '/dead-letters?classification=boring'), /^classification: /],
      [call('GET', '/dead-letters?since=yesterday'), /^since: must be an ISO 8601 time/],
      [
        call('GET', '/dead-letters?since=2026-11-28T11:00:00Z&until=2026-11-28T10:00:00Z'),
        /^until: must be later than since/,
      ],
      [call('GET', '/dead-letters?limit=0'), /^limit: /],
      [call('GET', '/dead-letters/x/1'), /^partition: must be a partition number/],
      [call('POST', '/dead-letters/replay', {}), /^positions: name the dead letters to replay/],
      [call('POST', '/dead-letters/replay', { positions: ['0-1'] }), /^positions\.0: /],
      [call('POST', '/dead-letters/purge', {}), /^before: say what to purge/],
      [call('POST', '/dead-letters/purge', { before: 'last week' }), /^before: /],
    ];
    for (const [response, message] of cases) {
      const { status, json } = await response;
      expect(status).toBe(400);
      expect(json.message).toMatch(message);
    }
  });
});
