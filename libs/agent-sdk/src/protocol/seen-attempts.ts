/** Attempts remembered by default; old ones are long past their lease. */
export const SEEN_ATTEMPTS_LIMIT = 10_000;

/** Key of one attempt of one task. */
export const attemptKey = (taskId: string, attempt: number) => `${taskId}#${attempt}`;

/**
 * The attempts an agent has started or knows to be over, so that a redelivered award is not
 * started twice. Bounded: past `limit` the oldest are forgotten (insertion order), by which time
 * their leases are long gone and the auction would not honour their results anyway.
 */
export class SeenAttempts {
  private readonly keys = new Set<string>();

  constructor(private readonly limit = SEEN_ATTEMPTS_LIMIT) {}

  /** Remembers the attempt; false when it was already remembered. */
  add(taskId: string, attempt: number): boolean {
    const key = attemptKey(taskId, attempt);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.limit) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.keys.size;
  }
}
