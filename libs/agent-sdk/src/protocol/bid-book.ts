/** How long a bid is remembered: far longer than any round waits for its award. */
export const BID_MEMORY_MS = 10 * 60_000;

/**
 * The bids this process's agents placed, so that an award for a (task, attempt) an agent never
 * bid on is refused: anyone who can write to the awards topic could otherwise make an agent run
 * anything (a forged award for a task nobody auctioned). Entries older than
 * {@link BID_MEMORY_MS} are dropped as new bids come in, so memory stays bounded by the bid rate.
 */
export class BidBook {
  /** `${agentId} ${taskId}#${attempt}` → when the bid was placed, oldest first. */
  private readonly placedAt = new Map<string, number>();

  record(agentId: string, taskId: string, attempt: number, now: number): void {
    const key = keyOf(agentId, taskId, attempt);
    this.placedAt.delete(key);
    this.placedAt.set(key, now);
    for (const [old, at] of this.placedAt) {
      if (now - at <= BID_MEMORY_MS) break;
      this.placedAt.delete(old);
    }
  }

  /** Whether `agentId` bid on this attempt of the task within the last {@link BID_MEMORY_MS}. */
  placed(agentId: string, taskId: string, attempt: number, now: number): boolean {
    const at = this.placedAt.get(keyOf(agentId, taskId, attempt));
    return at !== undefined && now - at <= BID_MEMORY_MS;
  }

  get size(): number {
    return this.placedAt.size;
  }
}

function keyOf(agentId: string, taskId: string, attempt: number): string {
  return `${agentId} ${taskId}#${attempt}`;
}
