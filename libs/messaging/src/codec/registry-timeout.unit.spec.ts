import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistrationError } from '../errors/messaging-errors';
import { createRegistryClient } from '../kafka-client';
import { resolveMessagingOptions } from '../messaging-options';
import { TopicNames } from '../topics/topic-names';
import { AvroCodec } from './avro-codec';

/** A registry that accepts connections and never answers: start-up must not hang on it. */
describe('a registry that never answers', () => {
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    server = createServer(() => {
      requests += 1; // and never respond
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('times registration out, tries again, then fails naming the subject', async () => {
    const { port } = server.address() as AddressInfo;
    const options = resolveMessagingOptions({
      producer: { service: 'test', version: '0' },
      kafka: { brokers: ['127.0.0.1:1'] },
      registry: { url: `http://127.0.0.1:${port}`, timeoutMs: 100 },
    });
    const codec = new AvroCodec(createRegistryClient(options), new TopicNames(''));
    const error = await codec
      .registerSchema('hung-subject-value', { type: 'record', name: 'X', fields: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaRegistrationError);
    expect((error as Error).message).toMatch(/'hung-subject-value'.*Timeout \(100ms\)/);
    expect(requests).toBe(5);
  });
});
