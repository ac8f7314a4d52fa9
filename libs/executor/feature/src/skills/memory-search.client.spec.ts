import type { MemoryHit, MemorySearchRequested } from '@agora/contracts';
import { newEnvelope } from '@agora/contracts';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { uniquePrefix } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySearchClient } from './memory-search.client';
import { SkillError } from './skill-error';

const hit = (itemId: string, content: string): MemoryHit => ({
  itemId,
  kind: 'knowledge',
  title: itemId,
  source: null,
  content,
  score: 0.9,
  visibility: 'internal',
});

/**
 * A stand-in for the memory service on real Kafka: answers each request by its query. Before
 * the real answer it sends a reply for another requester and one for an unknown request, which
 * the client must skip.
 */
async function fakeMemory(client: MessagingClient, prefix: string) {
  const requests: MemorySearchRequested[] = [];
  await client
    .consumer(`${prefix}agora.memory.fake`)
    .on('MemorySearchRequested', async (request) => {
      requests.push(request);
      if (request.query === 'silence') return;
      const reply = (
        requestId: string,
        requester: string,
        hits: MemoryHit[],
        error: string | null,
      ) => ({
        type: 'MemorySearchCompleted' as const,
        event: {
          envelope: newEnvelope({
            producer: { service: 'memory', version: '0' },
            causation: request,
          }),
          requestId,
          requester,
          hits,
          error,
        },
      });
      await client.publisher.publishMany([
        reply('someone-else', 'other-agent', [hit('x', 'wrong')], null),
        request.query === 'broken'
          ? reply(request.requestId, request.requester, [], 'index unavailable')
          : reply(
              request.requestId,
              request.requester,
              [hit('kafka-1', `about ${request.query}`)],
              null,
            ),
      ]);
    })
    .start();
  return requests;
}

describe('MemorySearchClient over Kafka', () => {
  const prefix = uniquePrefix('memory-client');
  const memoryClient = testMessagingClient(prefix, { service: 'memory' });
  const executorClient = testMessagingClient(prefix, { service: 'executor' });
  let requests: MemorySearchRequested[];
  let client: MemorySearchClient;

  beforeAll(async () => {
    await Promise.all([memoryClient.connect(), executorClient.connect()]);
    requests = await fakeMemory(memoryClient, prefix);
    client = new MemorySearchClient(
      executorClient,
      `${prefix}agora.executor.test.replies`,
      createLogger('test', 'silent'),
      5_000,
    );
    await client.start();
    // The reply group starts at the end of the topic; let it fix its offsets first.
    await new Promise((r) => setTimeout(r, 1_000));
  });
  afterAll(async () => {
    await Promise.all([memoryClient.close(), executorClient.close()]);
  });

  it('matches the reply to its request and returns its hits', async () => {
    const hits = await client.search({
      requester: 'agent-a',
      goalId: 'g-1',
      query: 'partitions',
      k: 3,
    });
    expect(hits).toEqual([hit('kafka-1', 'about partitions')]);
    const request = requests.find((r) => r.query === 'partitions');
    expect(request).toMatchObject({ requester: 'agent-a', k: 3, scopeGoalId: null, itemIds: [] });
    expect(request?.envelope.goalId).toBe('g-1');
  });

  it('serves concurrent searches, each with its own answer', async () => {
    const results = await Promise.all(
      ['one', 'two', 'three'].map((q) =>
        client.search({ requester: 'agent-b', goalId: null, query: q }),
      ),
    );
    expect(results.map((r) => r[0]?.content)).toEqual(['about one', 'about two', 'about three']);
  });

  it('turns an error reply into a retriable failure naming the cause', async () => {
    const error = await client
      .search({ requester: 'agent-a', goalId: null, query: 'broken' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SkillError);
    expect((error as SkillError).message).toBe('memory search failed: index unavailable');
    expect((error as SkillError).retriable).toBe(true);
  });

  it('times out with a clear error when nobody answers', async () => {
    const started = Date.now();
    await expect(
      client.search({ requester: 'agent-a', goalId: null, query: 'silence' }, { timeoutMs: 500 }),
    ).rejects.toThrow(/memory search 'silence' got no answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('stops waiting when the task is aborted', async () => {
    const controller = new AbortController();
    const pending = client.search(
      { requester: 'agent-a', goalId: null, query: 'silence' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow(/aborted/);
  });
});
