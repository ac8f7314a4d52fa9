import type { Admin } from 'kafkajs';

/** A high watermark seen at a wall-clock time, waiting for the consumer to reach it. */
interface Mark {
  highWatermark: number;
  at: number;
}

interface PartitionState {
  /** Next offset this member will handle; undefined until known. */
  position: number | undefined;
  /** Latest time by which everything written to the partition has been handled; 0 = unknown. */
  readThrough: number;
  pending: Mark[];
}

/** Marks kept per partition while the consumer is behind; older ones are superseded anyway. */
const MAX_PENDING = 32;

/**
 * Answers "has this member handled everything written to partition p before time t?", the
 * question a deadline must ask instead of reading the wall clock: a consumer that is behind has
 * not seen the bids that were sent in time, so it may not yet decide they never came.
 *
 * How: at time t it reads the partition's high watermark hw. Everything written before t lies
 * below hw, so once the member's position reaches hw, the partition is read through t.
 */
export class ReadThroughTracker {
  private readonly partitions = new Map<string, Map<number, PartitionState>>();

  /** The partitions of a topic this member owns now; state of partitions it lost is dropped. */
  assign(topic: string, partitions: readonly number[]): void {
    const previous = this.partitions.get(topic) ?? new Map<number, PartitionState>();
    const next = new Map<number, PartitionState>();
    for (const p of partitions) {
      next.set(p, previous.get(p) ?? { position: undefined, readThrough: 0, pending: [] });
    }
    this.partitions.set(topic, next);
  }

  owned(topic: string): number[] {
    return [...(this.partitions.get(topic)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Records that every message below `nextOffset` has been handled. */
  handled(topic: string, partition: number, nextOffset: number): void {
    const state = this.partitions.get(topic)?.get(partition);
    if (!state) return;
    state.position = Math.max(state.position ?? 0, nextOffset);
    this.settle(state);
  }

  /**
   * Reads the high watermarks now and returns, per owned partition, the time through which the
   * partition has been read (0 while unknown). One ListOffsets request, plus an OffsetFetch the
   * first time for partitions this member has not handled anything from yet.
   */
  async readThrough(
    topic: string,
    admin: Admin,
    group: { groupId: string; fromBeginning: boolean },
  ): Promise<Map<number, number>> {
    const states = this.partitions.get(topic);
    if (!states || states.size === 0) return new Map();
    const at = Date.now();
    const offsets = await admin.fetchTopicOffsets(topic);
    const unknown = [...states].filter(([, s]) => s.position === undefined).map(([p]) => p);
    if (unknown.length > 0) await this.seedPositions(topic, unknown, offsets, admin, group);
    for (const { partition, high } of offsets) {
      const state = states.get(partition);
      if (!state || state.position === undefined) continue;
      state.pending.push({ highWatermark: Number(high), at });
      if (state.pending.length > MAX_PENDING) state.pending.shift();
      this.settle(state);
    }
    return new Map([...states].map(([p, s]) => [p, s.readThrough]));
  }

  /**
   * Before this member handled anything from a partition, it starts from the group's committed
   * offset, or, without one, where a new group starts: the log start or its end.
   */
  private async seedPositions(
    topic: string,
    partitions: number[],
    offsets: { partition: number; low: string; high: string }[],
    admin: Admin,
    group: { groupId: string; fromBeginning: boolean },
  ): Promise<void> {
    const [committed] = await admin.fetchOffsets({ groupId: group.groupId, topics: [topic] });
    for (const partition of partitions) {
      const state = this.partitions.get(topic)?.get(partition);
      if (!state || state.position !== undefined) continue;
      const commit = Number(
        committed?.partitions.find((c) => c.partition === partition)?.offset ?? -1,
      );
      const bounds = offsets.find((o) => o.partition === partition);
      if (commit >= 0) state.position = commit;
      else if (bounds) state.position = Number(group.fromBeginning ? bounds.low : bounds.high);
    }
  }

  private settle(state: PartitionState): void {
    const position = state.position ?? -1;
    while (state.pending.length > 0 && (state.pending[0]?.highWatermark ?? Infinity) <= position) {
      const mark = state.pending.shift();
      if (mark) state.readThrough = Math.max(state.readThrough, mark.at);
    }
  }
}
