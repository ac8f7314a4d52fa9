import { eventTypes, type EventMap, type EventType } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_BYTE } from './codec/confluent-wire-format';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

describe('every event type round-trips through Kafka in registry-encoded Avro', () => {
  const prefix = uniquePrefix('roundtrip');
  let client: MessagingClient;
  const received = new Map<
    EventType,
    { event: unknown; key: string | null; schemaId: number; raw?: Buffer }
  >();

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect();
    const consumer = client.consumer();
    for (const type of eventTypes) {
      consumer.on(type, (event, ctx) => {
        received.set(type, { event, key: ctx.key, schemaId: ctx.schemaId });
      });
    }
    await consumer.start();
  });

  afterAll(async () => {
    await client?.close();
  });

  it('publishes one of each event, keyed as the catalog says, and reads back exactly what was sent', async () => {
    const sent = eventTypes.map((type) => ({ type, event: sampleEvent(type) }) as const);
    for (const { type, event } of sent) {
      await client.publisher.publish(type, event);
    }
    await waitFor('one of each event type', () =>
      received.size === eventTypes.length ? true : undefined,
    );
    for (const { type, event } of sent) {
      const got = received.get(type);
      expect(got, type).toBeDefined();
      expect(got?.event, type).toEqual(event);
      expect(got?.schemaId, type).toBe(await client.codec.schemaId(type));
    }
    // Keys: goal topics by goal, task topics by task, agent topics by agent.
    expect(received.get('GoalSubmitted')?.key).toBe(sampleEvent('GoalSubmitted').envelope.goalId);
    expect(received.get('BidSubmitted')?.key).toBe(sampleEvent('BidSubmitted').taskId);
    expect(received.get('AgentHeartbeat')?.key).toBe(sampleEvent('AgentHeartbeat').agentId);
  });

  it('publishes a batch in one call, in order per key', async () => {
    const bids = [1, 2, 3].map((round) => ({
      ...sampleEvent('BidSubmitted'),
      taskId: 'task-batch',
      round,
    }));
    const seen: number[] = [];
    const consumer = client.consumer(`${prefix}batch-reader`).on('BidSubmitted', (event) => {
      if (event.taskId === 'task-batch') seen.push(event.round);
    });
    await consumer.start();
    await client.publisher.publishMany([
      ...bids.map((event) => ({ type: 'BidSubmitted' as const, event })),
      { type: 'TaskAwarded', event: { ...sampleEvent('TaskAwarded'), taskId: 'task-batch' } },
    ]);
    await waitFor('three bids', () => (seen.length === 3 ? seen : undefined));
    expect(seen).toEqual([1, 2, 3]);
  });

  it('writes the Confluent wire format: magic byte, then the registered schema id', async () => {
    const bytes = await client.codec.encode('TaskReady', sampleEvent('TaskReady'));
    expect(bytes.readUInt8(0)).toBe(MAGIC_BYTE);
    expect(bytes.readUInt32BE(1)).toBe(await client.codec.schemaId('TaskReady'));
  });

  it('refuses to publish an event that does not match its schema, naming the field', async () => {
    const bad = {
      ...sampleEvent('BidSubmitted'),
      confidence: 'very',
    } as unknown as EventMap['BidSubmitted'];
    await expect(client.publisher.publish('BidSubmitted', bad)).rejects.toThrow(
      /BidSubmitted does not match its schema: invalid field 'confidence'/,
    );
    const noEnvelopeId = sampleEvent('TaskReady');
    (noEnvelopeId.envelope as { eventId: unknown }).eventId = 42;
    await expect(client.publisher.publish('TaskReady', noEnvelopeId)).rejects.toThrow(
      /'envelope\.eventId'/,
    );
  });
});
