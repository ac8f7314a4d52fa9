import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { newEnvelope, type GoalSubmitted, type Producer } from '@agora/contracts';
import type { MessagingClient } from '@agora/messaging';

/** How a goal ended, as the bench observed it. */
export interface GoalOutcome {
  completed: boolean;
  /** performance.now() when the bench read GoalCompleted or GoalFailed. */
  at: number;
  /** GoalFailed's code and reason. */
  failure?: string;
}

/** A goal to submit: the workflow to plan it with and its text. */
export interface GoalSpec {
  workflow: string;
  goal: string;
}

const producer: Producer = { service: 'bench', version: '0.0.0-bench' };

/**
 * Submits goals the way producer teams do (GoalSubmitted on Kafka) and watches what becomes of
 * them: each goal's terminal event, and TaskReady and TaskAwarded for allocation times.
 */
export class GoalTracker {
  private readonly submittedAt = new Map<string, number>();
  private readonly outcomes = new Map<string, GoalOutcome>();
  private readonly waiters = new Map<string, () => void>();
  /** Keyed by `${taskId}#${attempt}`: envelope.occurredAt of TaskReady and of TaskAwarded. */
  private readonly readyAt = new Map<string, { goalId: string; occurredAt: number }>();
  private readonly awardedAt = new Map<string, number>();
  private readonly tasksByGoal = new Map<string, Set<string>>();

  constructor(private readonly client: MessagingClient) {}

  /** Joins a group of its own; resolves once every event published from now on will be seen. */
  async start(): Promise<void> {
    await this.client
      .consumer(`${this.client.options.topics.prefix}bench-observer`)
      .on('GoalCompleted', (e) => this.settle(e.envelope.goalId, { completed: true }))
      .on('GoalFailed', (e) =>
        this.settle(e.envelope.goalId, { completed: false, failure: `${e.code}: ${e.reason}` }),
      )
      .on('TaskReady', (e) => {
        const goalId = e.envelope.goalId ?? '';
        this.readyAt.set(`${e.taskId}#${e.attempt}`, { goalId, occurredAt: e.envelope.occurredAt });
        const tasks = this.tasksByGoal.get(goalId) ?? new Set<string>();
        tasks.add(e.taskId);
        this.tasksByGoal.set(goalId, tasks);
      })
      .on('TaskAwarded', (e) => {
        this.awardedAt.set(`${e.taskId}#${e.attempt}`, e.envelope.occurredAt);
      })
      .start();
  }

  /**
   * Publishes one GoalSubmitted per goal, `chunk` to a request, and returns their ids in order.
   * A goal's clock starts just before the request that carries it.
   */
  async submit(goals: readonly GoalSpec[], chunk: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < goals.length; i += chunk) {
      const events = goals.slice(i, i + chunk).map((spec) => goalSubmitted(spec));
      const now = performance.now();
      for (const event of events) {
        const goalId = event.envelope.goalId!;
        this.submittedAt.set(goalId, now);
        ids.push(goalId);
      }
      await this.client.publisher.publishMany(
        events.map((event) => ({ type: 'GoalSubmitted' as const, event })),
      );
    }
    return ids;
  }

  /** Resolves once the goal has ended, or at the deadline (a performance.now() time). */
  async settled(goalId: string, deadline: number): Promise<GoalOutcome | undefined> {
    if (!this.outcomes.has(goalId)) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.waiters.set(goalId, resolve);
        timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
      });
      clearTimeout(timer);
      this.waiters.delete(goalId);
    }
    return this.outcomes.get(goalId);
  }

  outcome(goalId: string): GoalOutcome | undefined {
    return this.outcomes.get(goalId);
  }

  /** From the goal's publish to the bench reading its terminal event. */
  latencyMs(goalId: string): number | undefined {
    const submitted = this.submittedAt.get(goalId);
    const outcome = this.outcomes.get(goalId);
    return submitted !== undefined && outcome ? outcome.at - submitted : undefined;
  }

  /** TaskReady → TaskAwarded per awarded attempt of the given goals, by the events' own clocks. */
  allocationMs(goalIds: ReadonlySet<string>): number[] {
    const times: number[] = [];
    for (const [key, ready] of this.readyAt) {
      const awarded = this.awardedAt.get(key);
      if (awarded !== undefined && goalIds.has(ready.goalId))
        times.push(awarded - ready.occurredAt);
    }
    return times;
  }

  /** Distinct tasks of the given goals that were put out to auction. */
  tasksOf(goalIds: Iterable<string>): number {
    let tasks = 0;
    for (const goalId of goalIds) tasks += this.tasksByGoal.get(goalId)?.size ?? 0;
    return tasks;
  }

  private settle(goalId: string | null, outcome: Omit<GoalOutcome, 'at'>): void {
    if (!goalId || this.outcomes.has(goalId)) return;
    this.outcomes.set(goalId, { ...outcome, at: performance.now() });
    this.waiters.get(goalId)?.();
  }
}

/** A GoalSubmitted as a producer team would write it, with no budget, from `from`. */
export function goalSubmitted(
  { workflow, goal }: GoalSpec,
  from: Producer = producer,
): GoalSubmitted {
  return {
    envelope: newEnvelope({ producer: from, goalId: randomUUID() }),
    goal,
    workflow,
    inputs: {},
    budget: { deadlineAt: null, maxTasks: null, maxCostUsd: null, maxWaitMs: null },
    submittedBy: from.service,
    priority: 0,
    plan: null,
  };
}
