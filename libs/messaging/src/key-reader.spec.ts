import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

describe('readKey: every event of one key, from its partition alone', () => {
  const prefix = uniquePrefix('readkey');
  let client: MessagingClient;
  // Six keys on two partitions: some share a partition, so filtering by key is exercised.
  const keys = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `goal-1/${k}`);

  beforeAll(async () => {
    client = testMessagingClient(prefix);
    await client.connect();
    // Interleaved, so each key's events sit among the others' on the same partition.
    for (let round = 1; round <= 3; round++) {
      await client.publisher.publishMany(
        keys.map((taskId) => ({
          type: 'TaskProgress' as const,
          event: { ...sampleEvent('TaskProgress'), taskId, attempt: round },
        })),
      );
    }
  });

  afterAll(async () => {
    await client?.close();
  });

  it('returns exactly the key’s events, oldest first, whatever else shares its partition', async () => {
    for (const key of keys) {
      const read = await client.readKey('TaskProgress', key, {
        groupId: `${prefix}reader.${key.replace('/', '-')}`,
      });
      expect(read.map((r) => [r.event.taskId, r.event.attempt])).toEqual([
        [key, 1],
        [key, 2],
        [key, 3],
      ]);
      const offsets = read.map((r) => BigInt(r.offset));
      expect([...offsets].sort((x, y) => (x < y ? -1 : 1))).toEqual(offsets);
      expect(new Set(read.map((r) => r.partition)).size).toBe(1);
    }
    const partitions = new Set<number>();
    for (const key of keys) {
      const [first] = await client.readKey('TaskProgress', key, { groupId: `${prefix}p.${key}` });
      partitions.add(first!.partition);
    }
    expect(partitions.size).toBe(2);
  });

  it('answers at once, with nothing, for a key whose partition is empty', async () => {
    const started = Date.now();
    const read = await client.readKey('TaskWaiting', 'goal-1/a', { groupId: `${prefix}empty` });
    expect(read).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves no consumer group behind', async () => {
    const groupId = `${prefix}reader.gone`;
    await client.readKey('TaskProgress', keys[0]!, { groupId });
    const admin = client.rawKafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId)).not.toContain(groupId);
    } finally {
      await admin.disconnect();
    }
  });
});
