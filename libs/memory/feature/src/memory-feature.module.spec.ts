import { randomUUID } from 'node:crypto';
import {
  newEnvelope,
  type MemoryRecorded,
  type MemorySearchCompleted,
  type TaskCompleted,
} from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { loadCorpus } from '@agora/memory/domain';
import { MemorySearchClient, MemorySearchError, MemoryTimeoutError } from '@agora/memory-client';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryTestApp, type MemoryTestApp } from './testing/memory-test-app';

const producer = { service: 'memory-test', version: '0.0.0-test' };
let prefix: string;
let url: string;
let memory: MemoryTestApp;
let client: MessagingClient;
const recorded: MemoryRecorded[] = [];
const replies: MemorySearchCompleted[] = [];

beforeAll(async () => {
  prefix = uniquePrefix('memory-feature');
  const stack = stackEnv();
  memory = await startMemoryTestApp({ stack, label: 'memory-feature', topicPrefix: prefix });
  url = memory.url;

  client = testMessagingClient(prefix, { service: 'memory-test' });
  await client.connect();
  await client
    .consumer(`${prefix}observer`)
    .on('MemoryRecorded', (e) => void recorded.push(e))
    .on('MemorySearchCompleted', (e) => void replies.push(e))
    .start();
});

afterAll(async () => {
  await client?.close();
  await memory?.close();
});

/** The parts of the JSON answers the tests read. */
interface Reply {
  hits: {
    itemId: string;
    content: string;
    source: string | null;
    score: number;
    visibility: string;
  }[];
  documents: { itemIds: string[] }[];
  field?: string;
  message?: string;
  id?: string;
  title?: string | null;
  content: string;
  visibility?: string;
}

async function postJson(path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Reply };
}

async function getJson(path: string) {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: (await res.json()) as Reply };
}

describe('memory feature on the real stack', () => {
  it('stores the bundled corpus as passages over HTTP, announces them, and finds the right passage', async () => {
    const corpus = await loadCorpus();
    const res = await postJson('/memory/documents', { documents: corpus });
    expect(res.status).toBe(201);
    expect(res.body.documents).toHaveLength(corpus.length);
    const itemIds = res.body.documents.flatMap((d) => d.itemIds);
    expect(itemIds).toContain('doc:kafka-consumer-groups#1');
    expect(itemIds.length).toBeGreaterThan(corpus.length); // long documents were cut
    await waitFor('MemoryRecorded for every passage', () =>
      itemIds.every((id) => recorded.some((r) => r.itemId === id && r.kind === 'knowledge'))
        ? true
        : undefined,
    );

    const search = await getJson(
      `/memory/search?q=${encodeURIComponent('what happens when a consumer group member stops sending heartbeats')}&k=3`,
    );
    expect(search.status).toBe(200);
    expect(search.body.hits).toHaveLength(3);
    const best = search.body.hits[0]!;
    expect(best.itemId).toMatch(/^doc:kafka-consumer-groups#/);
    expect(best.content).toContain('heartbeats');
    expect(best.source).toBe('kafka-consumer-groups.md');
    expect(best.score).toBeGreaterThan(search.body.hits[1]!.score);
    expect(best.score).toBeLessThanOrEqual(1);

    const item = await getJson(`/memory/items/${encodeURIComponent(best.itemId)}`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({
      id: best.itemId,
      kind: 'knowledge',
      title: 'Kafka consumer groups',
    });
  });

  it('answers bad HTTP input with 400 naming the parameter or field, and 404 for an unknown item', async () => {
    const noQ = await getJson('/memory/search?k=3');
    expect(noQ.status).toBe(400);
    expect(noQ.body).toMatchObject({ field: 'q' });
    const badK = await getJson('/memory/search?q=kafka&k=500');
    expect(badK.status).toBe(400);
    expect(badK.body.message).toMatch(/^k: must be a whole number from 1 to 50/);
    const badDoc = await postJson('/memory/documents', { documents: [{ title: 'x' }] });
    expect(badDoc.status).toBe(400);
    expect(badDoc.body).toMatchObject({ field: 'documents[0].content' });
    const badKind = await getJson('/memory/search?q=kafka&kind=bogus');
    expect(badKind.status).toBe(400);
    expect(badKind.body).toMatchObject({
      field: 'kind',
      fields: [{ field: 'kind', message: expect.stringMatching(/^unknown kind 'bogus'/) }],
    });
    expect((await getJson('/memory/items/nope')).status).toBe(404);
  });

  it('serves its OpenAPI document', async () => {
    const doc = await getJson('/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys((doc.body as unknown as { paths: object }).paths).sort()).toEqual([
      '/memory/documents',
      '/memory/items/{id}',
      '/memory/search',
    ]);
  });

  it('records a completed task once per attempt, readable and scoped to its goal', async () => {
    const goalId = `goal-${randomUUID()}`;
    const event: TaskCompleted = {
      ...sampleEvent('TaskCompleted'),
      envelope: newEnvelope({ producer, goalId }),
      taskId: 'task-xyz',
      attempt: 2,
      capability: 'report',
      output: JSON.stringify({
        kind: 'report',
        title: 'Zebra migration',
        markdown: 'Zebras cross the Mara river in July.',
        citations: [],
      }),
    };
    await client.publisher.publish('TaskCompleted', event);
    await client.publisher.publish('TaskCompleted', event); // redelivery: same item
    await waitFor('the task result', async () => {
      const r = await getJson(`/memory/items/${encodeURIComponent('task:task-xyz:2')}`);
      return r.status === 200 ? r.body : undefined;
    });
    const item = (await getJson(`/memory/items/${encodeURIComponent('task:task-xyz:2')}`)).body;
    expect(item).toMatchObject({
      kind: 'task_result',
      goalId,
      taskId: 'task-xyz',
      content: '# Zebra migration\n\nZebras cross the Mara river in July.',
    });

    const inScope = await getJson(`/memory/search?q=zebras&goalId=${goalId}`);
    expect(inScope.body.hits[0]!.itemId).toBe('task:task-xyz:2');
    const otherGoal = await getJson(`/memory/search?q=zebras&goalId=other-goal`);
    expect(otherGoal.body.hits.map((h) => h.itemId)).not.toContain('task:task-xyz:2');
    // Stored, but not announced: TaskCompleted already told everyone (MEMORY_ANNOUNCE).
    expect(recorded.some((r) => r.itemId === 'task:task-xyz:2')).toBe(false);
  });

  it('keeps a goal and then its result in one item', async () => {
    const goalId = `goal-${randomUUID()}`;
    await client.publisher.publish('GoalSubmitted', {
      ...sampleEvent('GoalSubmitted'),
      envelope: newEnvelope({ producer, goalId }),
      goal: 'Summarise backpressure',
      inputs: {},
    });
    await client.publisher.publish('GoalCompleted', {
      ...sampleEvent('GoalCompleted'),
      envelope: newEnvelope({ producer, goalId }),
      output: JSON.stringify({ kind: 'text', text: 'Slow consumers pull less.' }),
    });
    const item = await waitFor('the goal with its result', async () => {
      const r = await getJson(`/memory/items/${encodeURIComponent(`goal:${goalId}`)}`);
      return r.status === 200 && String(r.body.content).includes('Result') ? r.body : undefined;
    });
    expect(item.content).toBe('Summarise backpressure\n\n## Result\n\nSlow consumers pull less.');
    expect(item.title).toBe('Summarise backpressure');
  });

  it('answers Kafka searches and id look-ups through the memory client, and reports errors', async () => {
    const memory = new MemorySearchClient(client, { groupPrefix: prefix });
    const hits = await memory.search(
      { query: 'schema registry compatibility BACKWARD', k: 2, requester: 'tester' },
      { timeoutMs: 15_000 },
    );
    expect(hits).toHaveLength(2);
    expect(hits[0]!.itemId).toMatch(/^doc:schema-registry#/);

    const items = await memory.getItems(['doc:contract-net-protocol#1', 'doc:missing#1'], {
      requester: 'tester',
    });
    expect(items.map((h) => [h.itemId, h.score])).toEqual([['doc:contract-net-protocol#1', 1]]);
    expect(items[0]!.content).toContain('Reid G. Smith');

    await expect(memory.search({ query: 'kafka', k: 0, requester: 'tester' })).rejects.toThrow(
      MemorySearchError,
    );
    await expect(memory.search({ query: '   ', requester: 'tester' })).rejects.toThrow(
      /query: required/,
    );
    // Every answer carries the request's requester, so other requesters can skip it.
    await waitFor('the four replies', () => (replies.length >= 4 ? true : undefined));
    expect(replies.every((r) => r.requester === 'tester')).toBe(true);
  });

  it('keeps what a caller may not quote out of its search and its look-ups, over HTTP and Kafka', async () => {
    const phrase = 'zebra-lantern override code';
    const stored = await postJson('/memory/documents', {
      documents: [
        {
          id: 'doc:vis-faq',
          title: 'Billing FAQ',
          content: 'Charged twice for one order? The duplicate charge is refunded within 5 days.',
          visibility: 'public',
        },
        {
          id: 'doc:vis-policy',
          title: 'Refund policy (staff)',
          content: `Duplicate charge refunds: staff only, approve with the ${phrase} before refunding.`,
          visibility: 'internal',
        },
        {
          id: 'doc:vis-legal',
          title: 'Chargeback disputes (legal)',
          content: 'Duplicate charge chargebacks over 500 go to counsel before any refund.',
          visibility: 'restricted',
        },
        // posted without a visibility: internal
        { id: 'doc:vis-unset', title: 'Refund notes', content: 'Duplicate charge refund notes.' },
      ],
    });
    expect(stored.status).toBe(201);
    const ids = async (extra: string) => {
      const res = await getJson(
        `/memory/search?q=${encodeURIComponent('duplicate charge refund')}&k=20${extra}`,
      );
      expect(res.status).toBe(200);
      return res.body.hits
        .filter((h) => h.itemId.startsWith('doc:vis-'))
        .map((h) => `${h.itemId.split('#')[0]}:${h.visibility}`)
        .sort();
    };
    expect(await ids('&maxVisibility=public')).toEqual(['doc:vis-faq:public']);
    expect(await ids('')).toEqual([
      'doc:vis-faq:public',
      'doc:vis-policy:internal',
      'doc:vis-unset:internal',
    ]);
    expect(await ids('&maxVisibility=restricted')).toEqual([
      'doc:vis-faq:public',
      'doc:vis-legal:restricted',
      'doc:vis-policy:internal',
      'doc:vis-unset:internal',
    ]);
    // the item itself says who may be quoted it, and so does its announcement
    expect((await getJson('/memory/items/doc%3Avis-policy%231')).body.visibility).toBe('internal');
    await waitFor('MemoryRecorded of the FAQ', () =>
      recorded.find((r) => r.itemId === 'doc:vis-faq#1'),
    ).then((event) => expect(event.visibility).toBe('public'));

    const bad = await getJson('/memory/search?q=refund&maxVisibility=secret');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      field: 'maxVisibility',
      message: 'maxVisibility: expected one of public, internal, restricted, got "secret"',
    });
    const badDoc = await postJson('/memory/documents', {
      documents: [{ title: 'x', content: 'y', visibility: 'staff' }],
    });
    expect(badDoc.status).toBe(400);
    expect(badDoc.body).toMatchObject({ field: 'documents[0].visibility' });

    const memory = new MemorySearchClient(client, { groupPrefix: prefix });
    const publicHits = await memory.search(
      { query: 'duplicate charge refund', k: 20, maxVisibility: 'public', requester: 'tester' },
      { timeoutMs: 15_000 },
    );
    expect(publicHits.filter((h) => h.itemId.startsWith('doc:vis-')).map((h) => h.itemId)).toEqual([
      'doc:vis-faq#1',
    ]);
    expect(publicHits.every((h) => h.visibility === 'public')).toBe(true);
    expect(publicHits.some((h) => h.content.includes(phrase))).toBe(false);
    // asked for by id, an item above the requester's level is as missing as an unknown one
    const byId = ['doc:vis-faq#1', 'doc:vis-policy#1', 'doc:vis-legal#1'];
    const asPublic = await memory.getItems(byId, { requester: 'tester', maxVisibility: 'public' });
    expect(asPublic.map((h) => h.itemId)).toEqual(['doc:vis-faq#1']);
    const asDefault = await memory.getItems(byId, { requester: 'tester' });
    expect(asDefault.map((h) => [h.itemId, h.visibility])).toEqual([
      ['doc:vis-faq#1', 'public'],
      ['doc:vis-policy#1', 'internal'],
    ]);
    await expect(
      memory.search({
        query: 'refund',
        maxVisibility: 'secret' as 'public',
        requester: 'tester',
      }),
    ).rejects.toThrow(/maxVisibility: expected one of public, internal, restricted/);
  });

  it('leaves out hits below minScore: a question about something memory lacks gets nothing', async () => {
    const absent = encodeURIComponent('symptoms of vitamin D deficiency');
    // what a relative score used to return: the least bad passages, top-k noise
    const noise = await getJson(`/memory/search?q=${absent}&minScore=0`);
    expect(noise.body.hits.length).toBeGreaterThan(0);
    expect(Math.max(...noise.body.hits.map((h) => h.score))).toBeLessThan(0.15);
    // the service's default (MEMORY_MIN_SCORE) drops them all
    const none = await getJson(`/memory/search?q=${absent}`);
    expect(none.status).toBe(200);
    expect(none.body.hits).toEqual([]);

    const relevant = await getJson(
      `/memory/search?q=${encodeURIComponent('consumer group rebalance heartbeats')}&k=10`,
    );
    expect(relevant.body.hits[0]!.itemId).toMatch(/^doc:kafka-consumer-groups#/);
    expect(relevant.body.hits.every((h) => h.score >= 0.15)).toBe(true);
    // a stricter threshold keeps only the best of them
    const strict = await getJson(
      `/memory/search?q=${encodeURIComponent('consumer group rebalance heartbeats')}&k=10&minScore=0.5`,
    );
    expect(strict.body.hits.length).toBeGreaterThan(0);
    expect(strict.body.hits.length).toBeLessThan(relevant.body.hits.length);
    expect(strict.body.hits.every((h) => h.score >= 0.5)).toBe(true);

    const bad = await getJson('/memory/search?q=kafka&minScore=2');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'minScore' });

    // over Kafka: the request's minScore, else the default
    const memory = new MemorySearchClient(client, { groupPrefix: prefix });
    const kafkaNone = await memory.search(
      { query: 'symptoms of vitamin D deficiency', requester: 'tester' },
      { timeoutMs: 15_000 },
    );
    expect(kafkaNone).toEqual([]);
    const kafkaNoise = await memory.search(
      { query: 'symptoms of vitamin D deficiency', minScore: 0, requester: 'tester' },
      { timeoutMs: 15_000 },
    );
    expect(kafkaNoise.length).toBeGreaterThan(0);
  });

  it('times out with a clear error when nobody answers', async () => {
    const silent = testMessagingClient(uniquePrefix('memory-silent'), { service: 'memory-test' });
    await silent.connect(['MemorySearchRequested', 'MemorySearchCompleted']);
    try {
      const memory = new MemorySearchClient(silent);
      await expect(
        memory.search({ query: 'kafka', requester: 'tester' }, { timeoutMs: 300 }),
      ).rejects.toThrow(MemoryTimeoutError);
      await expect(
        memory.search({ query: 'kafka', requester: 'tester' }, { timeoutMs: 300 }),
      ).rejects.toThrow(/did not answer request .* within 300 ms/);
    } finally {
      await silent.close();
    }
  });
});
