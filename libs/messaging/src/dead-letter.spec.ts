import type { DeadLetter, EventMap } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame } from './codec/confluent-wire-format';
import { FatalError } from './errors/messaging-errors';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

describe('poison messages end in the dead-letter topic and the partition moves on', () => {
  const prefix = uniquePrefix('deadletter');
  let client: MessagingClient;
  let raw: Producer;
  const handled: EventMap['TaskProgress'][] = [];
  const attemptsSeen = new Map<string, number>();
  const deadLetters: DeadLetter[] = [];
  /** Messages whose handler meets an unreachable database until the given time. */
  const outageUntil = new Map<string, number>();
  const databaseDown = () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  beforeAll(async () => {
    client = testMessagingClient(prefix, {
      retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 50, outageBudgetMs: 2_000 },
    });
    await client.connect(['TaskProgress', 'DeadLetter']);
    await client
      .consumer()
      .on('TaskProgress', (event, ctx) => {
        attemptsSeen.set(event.envelope.eventId, ctx.attempt);
        if (event.message === 'always-fails') throw new Error('handler cannot cope');
        if (event.message === 'fatal') throw new FatalError('invariant broken');
        if (event.message === 'database-down') throw databaseDown();
        const until = outageUntil.get(event.message ?? '');
        if (until !== undefined && Date.now() < until) throw databaseDown();
        handled.push(event);
      })
      .start();
    await client
      .consumer(`${prefix}dlq-reader`)
      .on('DeadLetter', (event) => {
        deadLetters.push(event);
      })
      .start();
    raw = client.rawKafka.producer();
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.disconnect();
    await client?.close();
  });

  const topic = () => client.topics.topic('TaskProgress');
  // Every message uses one key, so all land on one partition, one after another.
  const key = 'task-poison';

  async function sendRaw(value: Buffer, headers: Record<string, string> = {}) {
    const [meta] = await raw.send({ topic: topic(), messages: [{ key, value, headers }] });
    return meta!;
  }

  function progress(message: string): EventMap['TaskProgress'] {
    const e = sampleEvent('TaskProgress');
    return {
      ...e,
      envelope: { ...e.envelope, eventId: crypto.randomUUID() },
      taskId: key,
      message,
    };
  }

  it('garbage bytes: dead-lettered at once with the original bytes and headers; the next good message is handled', async () => {
    const garbage = Buffer.from('definitely not avro \u0000\u0001\u0002', 'utf8');
    const meta = await sendRaw(garbage, { 'x-origin': 'fuzzer' });
    const good = progress('after-garbage');
    await client.publisher.publish('TaskProgress', good);

    const dl = await waitFor('dead letter for garbage', () =>
      deadLetters.find((d) => d.value?.equals(garbage)),
    );
    expect(dl.classification).toBe('undecodable');
    expect(dl.sourceTopic).toBe(topic());
    expect(dl.sourcePartition).toBe(meta.partition);
    expect(String(dl.sourceOffset)).toBe(meta.baseOffset);
    expect(dl.key?.toString()).toBe(key);
    expect(dl.headers.find((h) => h.key === 'x-origin')?.value?.toString()).toBe('fuzzer');
    expect(dl.errorMessage).toMatch(/not the Confluent magic byte/);
    expect(dl.attempts).toBe(1);
    expect(dl.consumerGroup).toBe(`${prefix}test`);
    await waitFor('good message after garbage', () =>
      handled.find((e) => e.message === 'after-garbage'),
    );
  });

  it('an unknown schema id: dead-lettered as undecodable', async () => {
    const bytes = frame(987_654, Buffer.from([2, 4, 6]));
    await sendRaw(bytes);
    await client.publisher.publish('TaskProgress', progress('after-unknown-id'));
    const dl = await waitFor('dead letter for unknown id', () =>
      deadLetters.find((d) => d.value?.equals(bytes)),
    );
    expect(dl.classification).toBe('undecodable');
    expect(dl.errorMessage).toMatch(/unknown schema id 987654/);
    await waitFor('good message after unknown id', () =>
      handled.find((e) => e.message === 'after-unknown-id'),
    );
  });

  it('a valid message whose handler always throws: retried, then dead-lettered with the attempt count', async () => {
    const bad = progress('always-fails');
    await client.publisher.publish('TaskProgress', bad);
    await client.publisher.publish('TaskProgress', progress('after-failing-handler'));
    const dl = await waitFor('dead letter for failing handler', () =>
      deadLetters.find((d) => d.errorMessage.includes('handler cannot cope')),
    );
    expect(dl.classification).toBe('retriable');
    expect(dl.attempts).toBe(3);
    expect(attemptsSeen.get(bad.envelope.eventId)).toBe(3);
    // Correlation survives: the dead letter points at the goal and the event that failed.
    expect(dl.envelope.goalId).toBe(bad.envelope.goalId);
    expect(dl.envelope.causationId).toBe(bad.envelope.eventId);
    const original = await client.codec.decode('TaskProgress', dl.value);
    expect(original.event).toEqual(bad);
    await waitFor('good message after failing handler', () =>
      handled.find((e) => e.message === 'after-failing-handler'),
    );
  });

  it('a fatal error is dead-lettered without retries', async () => {
    const bad = progress('fatal');
    await client.publisher.publish('TaskProgress', bad);
    const dl = await waitFor('dead letter for fatal error', () =>
      deadLetters.find((d) => d.envelope.causationId === bad.envelope.eventId),
    );
    expect(dl.classification).toBe('fatal');
    expect(dl.attempts).toBe(1);
    expect(dl.errorType).toBe('FatalError');
  });

  it('an outage is waited out past the quick attempts: the event is handled, not dead-lettered', async () => {
    const event = progress('outage-then-up');
    outageUntil.set('outage-then-up', Date.now() + 1_000);
    await client.publisher.publish('TaskProgress', event);
    await waitFor('the event once the database is back', () =>
      handled.find((e) => e.message === 'outage-then-up'),
    );
    expect(attemptsSeen.get(event.envelope.eventId)).toBeGreaterThan(3);
    expect(deadLetters.some((d) => d.envelope.causationId === event.envelope.eventId)).toBe(false);
  });

  it('an outage longer than the budget ends in the dead-letter topic', async () => {
    const event = progress('database-down');
    await client.publisher.publish('TaskProgress', event);
    const dl = await waitFor('dead letter after the outage budget', () =>
      deadLetters.find((d) => d.envelope.causationId === event.envelope.eventId),
    );
    expect(dl.classification).toBe('retriable');
    expect(dl.errorMessage).toMatch(/ECONNREFUSED/);
    expect(dl.attempts).toBeGreaterThan(3);
  });
});
