import type { MessagingClient } from '@agora/messaging';

/** What a scenario did to the goals it submitted. */
export interface ChaosTally {
  submitted: number;
  completed: number;
  /** `code: reason` of every failed goal. */
  failures: string[];
  /** Goals with neither GoalCompleted nor GoalFailed by the end. */
  neverTerminal: number;
  /** (task, attempt) pairs awarded to more than one agent. */
  awardedTwice: number;
  /** Tasks accepted by the evaluator in more than one attempt. */
  acceptedTwice: number;
  /** Dead letters written by the services (poison included). */
  deadLetters: number;
}

/**
 * Watches the swarm from a group of its own: how each goal ended, every award and every
 * acceptance, and the dead letters, so a scenario can count what was lost or doubled.
 */
export class ChaosObserver {
  private readonly ended = new Map<string, string | null>();
  /** `${taskId}#${attempt}` → agents awarded it. */
  private readonly awards = new Map<string, { goalId: string; agents: Set<string> }>();
  /** taskId → attempts accepted. */
  private readonly accepted = new Map<string, { goalId: string; attempts: Set<number> }>();
  private readonly deadLetters: { at: number; value: Buffer | null; says: string }[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: MessagingClient) {}

  async start(): Promise<void> {
    // From the beginning: the run's topics are its own, and a group that starts at the latest
    // offset would skip, after a crash (the broker scenario), what arrived on partitions it had
    // not committed yet (goals.failed, usually empty).
    await this.client
      .consumer(`${this.client.options.topics.prefix}chaos-observer`, { fromBeginning: true })
      .on('GoalCompleted', (e) => this.end(e.envelope.goalId, null))
      .on('GoalFailed', (e) => this.end(e.envelope.goalId, `${e.code}: ${e.reason}`))
      .on('TaskAwarded', (e) => {
        const key = `${e.taskId}#${e.attempt}`;
        const seen = this.awards.get(key) ?? { goalId: e.envelope.goalId ?? '', agents: new Set() };
        seen.agents.add(e.agentId);
        this.awards.set(key, seen);
      })
      .on('TaskEvaluated', (e) => {
        if (e.verdict !== 'ACCEPTED') return;
        const seen = this.accepted.get(e.taskId) ?? {
          goalId: e.envelope.goalId ?? '',
          attempts: new Set(),
        };
        seen.attempts.add(e.attempt);
        this.accepted.set(e.taskId, seen);
      })
      .on('DeadLetter', (e) => {
        if (e.consumerGroup.includes('chaos-observer')) return;
        this.deadLetters.push({
          at: Date.now(),
          value: e.value,
          says:
            `${e.sourceTopic}[${e.sourcePartition}]@${e.sourceOffset} by ${e.consumerGroup}: ` +
            `${e.classification} after ${e.attempts} attempts: ${e.errorType}: ${e.errorMessage}`,
        });
        this.notify();
      })
      .start();
  }

  /** What each dead letter since `since` says: source, group, classification and error. */
  deadLettersSince(since: number): string[] {
    return this.deadLetters.filter((d) => d.at >= since).map((d) => d.says);
  }

  /** Goals of `ids` that have ended. */
  endedCount(ids: ReadonlySet<string>): number {
    let n = 0;
    for (const id of ids) if (this.ended.has(id)) n += 1;
    return n;
  }

  /** When the first dead letter holding `value` arrived at or after `since`, if one did. */
  deadLetteredAt(value: Buffer, since: number): number | undefined {
    return this.deadLetters.find((d) => d.at >= since && d.value?.equals(value))?.at;
  }

  /** Calls `listener` on every new terminal event or dead letter until the returned stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tally(ids: ReadonlySet<string>, deadLettersSince: number): ChaosTally {
    const failures: string[] = [];
    let completed = 0;
    for (const id of ids) {
      if (!this.ended.has(id)) continue;
      const failure = this.ended.get(id);
      if (failure) failures.push(failure);
      else completed += 1;
    }
    const count = <T extends { goalId: string }>(map: Map<string, T>, doubled: (v: T) => boolean) =>
      [...map.values()].filter((v) => ids.has(v.goalId) && doubled(v)).length;
    return {
      submitted: ids.size,
      completed,
      failures,
      neverTerminal: ids.size - completed - failures.length,
      awardedTwice: count(this.awards, (v) => v.agents.size > 1),
      acceptedTwice: count(this.accepted, (v) => v.attempts.size > 1),
      deadLetters: this.deadLetters.filter((d) => d.at >= deadLettersSince).length,
    };
  }

  private end(goalId: string | null, failure: string | null): void {
    if (!goalId || this.ended.has(goalId)) return;
    this.ended.set(goalId, failure);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
