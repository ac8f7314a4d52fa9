import type { DeadLetter, EventMap } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FatalError } from './errors/messaging-errors';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

function progress(taskId: string, message: string): EventMap['TaskProgress'] {
  const e = sampleEvent('TaskProgress');
  return { ...e, envelope: { ...e.envelope, eventId: crypto.randomUUID() }, taskId, message };
}

describe('batch handlers', () => {
  const prefix = uniquePrefix('batch');
  let client: MessagingClient;
  const calls: string[][] = [];
  const deadLetters: DeadLetter[] = [];

  beforeAll(async () => {
    client = testMessagingClient(prefix, {
      retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
    });
    await client.connect(['TaskProgress', 'DeadLetter']);
    const consumer = client.consumer().onBatch('TaskProgress', (events) => {
      if (events.some((e) => e.message === 'poison')) throw new FatalError('poison in the batch');
      calls.push(events.map((e) => e.message ?? ''));
    });
    // Held back until a backlog exists, so the first fetch returns many messages at once.
    await consumer.start();
    consumer.pause();
    const messages = Array.from({ length: 50 }, (_, i) =>
      progress('one-task', i === 20 ? 'poison' : `m${i}`),
    );
    await client.publisher.publishMany(messages.map((event) => ({ type: 'TaskProgress', event })));
    await client
      .consumer(`${prefix}dlq`)
      .on('DeadLetter', (e) => {
        deadLetters.push(e);
      })
      .start();
    consumer.resume();
  });

  afterAll(async () => {
    await client?.close();
  });

  it('gets a backlog in few calls, in partition order, and dead-letters only the poison message', async () => {
    await waitFor('49 handled messages', () => (calls.flat().length >= 49 ? true : undefined));
    const handled = calls.flat();
    expect(handled).toEqual(
      Array.from({ length: 50 }, (_, i) => `m${i}`).filter((m) => m !== 'm20'),
    );
    // The backlog came in one call; it failed, and was split in halves until the poison was alone.
    expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(50)));
    const dl = await waitFor('the dead letter', () => deadLetters[0]);
    expect(dl.classification).toBe('fatal');
    expect(dl.errorMessage).toContain('poison in the batch');
    expect(deadLetters).toHaveLength(1);
  });
});

describe('batches under load', () => {
  const prefix = uniquePrefix('batch-load');
  let client: MessagingClient;
  const sizes: number[] = [];

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect(['TaskProgress']);
    await client
      .consumer()
      .onBatch('TaskProgress', async (events) => {
        sizes.push(events.length);
        // A slow handler (a database round trip), during which more messages arrive.
        await new Promise((r) => setTimeout(r, 20));
      })
      .start();
  });

  afterAll(async () => {
    await client?.close();
  });

  it('hands over more events per call as they arrive faster than it handles them', async () => {
    for (let i = 0; i < 20; i++) {
      await client.publisher.publishMany(
        Array.from({ length: 10 }, (_, j) => ({
          type: 'TaskProgress' as const,
          event: progress(`t${j}`, `${i}-${j}`),
        })),
      );
    }
    await waitFor('200 events', () => (sizes.reduce((a, b) => a + b, 0) >= 200 ? true : undefined));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(sizes.length).toBeLessThan(100);
  });
});

describe('read-through: deadlines judged by what has been read', () => {
  const prefix = uniquePrefix('read-through');
  let client: MessagingClient;
  const handled: string[] = [];

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect(['TaskProgress']);
  });

  afterAll(async () => {
    await client?.close();
  });

  it('does not move past a message that is written but unread, and moves once it is handled', async () => {
    const consumer = client.consumer().on('TaskProgress', (e) => {
      handled.push(e.message ?? '');
    });
    await consumer.start();
    const owned = consumer.ownedPartitions('TaskProgress');
    expect(owned.length).toBeGreaterThan(0);

    // Idle and caught up: every owned partition is read through "now".
    const before = Date.now();
    const idle = await consumer.readThrough('TaskProgress');
    for (const p of owned) expect(idle.get(p)).toBeGreaterThanOrEqual(before);

    consumer.pause();
    const sentAt = Date.now();
    const event = progress('held-back', 'held');
    await client.publisher.publish('TaskProgress', event);
    await new Promise((r) => setTimeout(r, 300));
    // Behind: the partition holding the message is not read through the time it was sent.
    const behind = await consumer.readThrough('TaskProgress');
    const stuck = owned.filter((p) => (behind.get(p) ?? 0) < sentAt);
    expect(stuck).toHaveLength(1);
    expect(handled).toEqual([]);

    consumer.resume();
    await waitFor('the held message', () => (handled.includes('held') ? true : undefined));
    await waitFor('read-through past the send time', async () => {
      const now = await consumer.readThrough('TaskProgress');
      return owned.every((p) => (now.get(p) ?? 0) >= sentAt) ? true : undefined;
    });
  });
});

describe('co-partitioned assignment', () => {
  const prefix = uniquePrefix('copart');
  let client: MessagingClient;

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect(['TaskProgress', 'TaskCompleted']);
  });

  afterAll(async () => {
    await client?.close();
  });

  it('gives partition p of every topic to the same member', async () => {
    const members = [0, 1].map(() =>
      client
        .consumer(`${prefix}group`)
        .on('TaskProgress', () => undefined)
        .on('TaskCompleted', () => undefined),
    );
    await Promise.all(members.map((m) => m.start()));
    await waitFor('both members assigned', () =>
      members.every((m) => m.ownedPartitions('TaskProgress').length > 0) ? true : undefined,
    );
    for (const m of members) {
      expect(m.ownedPartitions('TaskCompleted')).toEqual(m.ownedPartitions('TaskProgress'));
    }
    const all = members.flatMap((m) => m.ownedPartitions('TaskProgress')).sort();
    expect(all).toEqual([0, 1]);
  });
});
