import { eventSchemas } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame } from './codec/confluent-wire-format';
import { SchemaRegistrationError } from './errors/messaging-errors';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

type RecordSchema = {
  type: 'record';
  name: string;
  fields: { name: string; type: unknown; default?: unknown }[];
};

const base = eventSchemas.TaskProgress as unknown as RecordSchema;
const withField = (field: RecordSchema['fields'][number]): RecordSchema => ({
  ...base,
  fields: [...base.fields, field],
});

describe('schema evolution against the registry (BACKWARD compatibility)', () => {
  const prefix = uniquePrefix('evolution');
  let client: MessagingClient;

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect(['TaskProgress']);
  });
  afterAll(async () => {
    await client?.close();
  });

  const subject = () => client.topics.valueSubject('TaskProgress');

  it('registers a new field with a default as a new version', async () => {
    const v1 = await client.codec.schemaId('TaskProgress');
    const v2 = await client.codec.registerSchema(
      subject(),
      withField({
        name: 'note',
        type: ['null', 'string'],
        default: null,
        doc: 'added later',
      } as never),
    );
    expect(v2).not.toBe(v1);
  });

  it('rejects a new field without a default, naming the subject', async () => {
    const attempt = client.codec.registerSchema(
      subject(),
      withField({ name: 'mandatory', type: 'string' }),
    );
    await expect(attempt).rejects.toBeInstanceOf(SchemaRegistrationError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`refused subject '${subject().replace(/\./g, '\\.')}'`),
    );
  });

  it('rejects a changed field type', async () => {
    const changed: RecordSchema = {
      ...base,
      fields: base.fields.map((f) => (f.name === 'attempt' ? { ...f, type: 'string' } : f)),
    };
    await expect(client.codec.registerSchema(subject(), changed)).rejects.toBeInstanceOf(
      SchemaRegistrationError,
    );
  });

  it('a consumer reads an event written with a newer schema (writer schema resolved by id)', async () => {
    const newer = withField({
      name: 'eta',
      type: ['null', 'long'],
      default: null,
      doc: 'newer field',
    } as never);
    const newerId = await client.codec.registerSchema(subject(), newer);
    const event = { ...sampleEvent('TaskProgress'), eta: 1234 };
    const bytes = frame(newerId, avro.Type.forSchema(newer as avro.Schema).toBuffer(event));
    const received: unknown[] = [];
    const consumer = client.consumer(`${prefix}reader`).on('TaskProgress', (e) => {
      received.push(e);
    });
    await consumer.start();
    const producer = client.rawKafka.producer();
    await producer.connect();
    await producer.send({
      topic: client.topics.topic('TaskProgress'),
      messages: [{ key: 'k', value: bytes }],
    });
    await producer.disconnect();
    await waitFor('the newer event', () => received[0]);
    expect(received[0]).toEqual(sampleEvent('TaskProgress'));
  });
});

describe('concurrent first registration of a subject', () => {
  it('succeeds for every replica, with one schema id', async () => {
    const prefix = uniquePrefix('concurrent-register');
    const clients = Array.from({ length: 8 }, () => testMessagingClient(prefix));
    try {
      const ids = await Promise.all(clients.map((c) => c.codec.schemaId('TaskReady')));
      expect(new Set(ids).size).toBe(1);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
