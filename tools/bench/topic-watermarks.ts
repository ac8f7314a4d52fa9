import type { MessagingClient } from '@agora/messaging';

type Admin = ReturnType<MessagingClient['rawKafka']['admin']>;

/** Messages written so far per topic: the sum of its partitions' high watermarks. */
export type Watermarks = Map<string, number>;

/** High watermarks of every topic whose name starts with `prefix`. */
export async function highWatermarks(admin: Admin, prefix: string): Promise<Watermarks> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  const marks: Watermarks = new Map();
  await Promise.all(
    topics.map(async (topic) => {
      const partitions = await admin.fetchTopicOffsets(topic);
      marks.set(
        topic,
        partitions.reduce((sum, p) => sum + Number(p.high), 0),
      );
    }),
  );
  return marks;
}

/** Messages written per topic between two snapshots, topics without any left out. */
export function writtenBetween(before: Watermarks, after: Watermarks): Watermarks {
  const written: Watermarks = new Map();
  for (const [topic, mark] of after) {
    const delta = mark - (before.get(topic) ?? 0);
    if (delta > 0) written.set(topic, delta);
  }
  return written;
}
