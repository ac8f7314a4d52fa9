import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

describe('a consumer that starts at the end of its topics', () => {
  const prefix = uniquePrefix('start-latest');
  let client: MessagingClient;
  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect(['TaskProgress']);
    await client.publisher.publish('TaskProgress', {
      ...sampleEvent('TaskProgress'),
      message: 'before',
    });
  });
  afterAll(async () => {
    await client?.close();
  });

  it('skips what came before start() and sees what is published right after it resolves', async () => {
    const seen: (string | null)[] = [];
    await client
      .consumer(`${prefix}late-reader`, { fromBeginning: false })
      .on('TaskProgress', (e) => {
        seen.push(e.message);
      })
      .start();
    await client.publisher.publish('TaskProgress', {
      ...sampleEvent('TaskProgress'),
      message: 'after',
    });
    await waitFor(
      'the event published right after start',
      () => (seen.includes('after') ? true : undefined),
      {
        timeoutMs: 10_000,
      },
    );
    expect(seen).toEqual(['after']);
  });
});
