import {
  leaseLengthMs,
  renewalPeriodMs,
  SeenAttempts,
  STARTED_NOTICE_MS,
  taskCompleted,
  taskFailed,
  taskOutputDelta,
  taskProgress,
  type AgentFailureCode,
} from '@agora/agent-sdk';
import type { TaskAwarded, Usage } from '@agora/contracts';
import { parseTaskInput, basePriceOf } from '@agora/executor/domain';
import { EventPublisher, MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { AgentPool, attemptKey, type AbortReason, type RunningTask } from '../agents/agent-pool';
import { StatsRecorder } from '../agents/stats-recorder.service';
import type { ExecutorConfig } from '../executor-config';
import { taskSeconds, tasksTotal } from '../executor.metrics';
import { SkillRunner, toSkillError, type SkillResult } from '../skills/skill-runner.service';
import { EXECUTOR_CONFIG } from '../tokens';
import { OutputBatcher } from './output-batcher';

/**
 * How the text models stream goes out as TaskOutputDelta: a batch every 200 ms or 200
 * characters, whichever comes first (a record per token would be a burst of tiny records).
 */
const OUTPUT_BATCH = { maxChars: 200, maxDelayMs: 200 };

/**
 * Works on awarded tasks in the background: the award handler returns at once (a consumer
 * callback must not run long), while the attempt renews its lease with TaskProgress and ends with
 * TaskCompleted or TaskFailed.
 */
@Injectable()
export class TaskRunner {
  /** Attempts started, or known to be over, in this process. */
  private readonly seen = new SeenAttempts();

  constructor(
    private readonly pool: AgentPool,
    private readonly skills: SkillRunner,
    private readonly stats: StatsRecorder,
    private readonly publisher: EventPublisher,
    private readonly messaging: MessagingClient,
    @Inject(EXECUTOR_CONFIG) private readonly config: ExecutorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Starts an awarded attempt unless it was seen before; never waits for the work. */
  async start(award: TaskAwarded): Promise<void> {
    const agent = this.pool.get(award.agentId);
    if (!agent) return;
    const key = attemptKey(award.taskId, award.attempt);
    const log = this.logger.child({
      taskId: award.taskId,
      attempt: award.attempt,
      agentId: award.agentId,
      goalId: award.envelope.goalId,
    });
    if (!this.seen.add(award.taskId, award.attempt)) {
      log.info('award already seen in this process; ignored');
      return;
    }
    if (award.leaseExpiresAt <= Date.now()) {
      log.warn('award arrived after its lease expired; ignored');
      return;
    }
    if (this.pool.draining) {
      // Bid before shutdown began: give the attempt back at once rather than start it.
      await this.publishFailed(award, 'released', 'agent is shutting down', true, null);
      tasksTotal.inc({ outcome: 'released' });
      return;
    }
    const controller = new AbortController();
    const task: RunningTask = {
      key,
      taskId: award.taskId,
      attempt: award.attempt,
      agentId: award.agentId,
      capability: award.capability,
      controller,
      done: Promise.resolve(),
    };
    this.pool.add(task);
    log.info({ capability: award.capability }, 'task started');
    task.done = this.work(award, task, log)
      .catch((err: unknown) => log.error({ err }, 'task result could not be published'))
      .finally(() => this.pool.remove(task));
  }

  /** Marks an attempt as over (failed or cancelled elsewhere) and stops it if it runs here. */
  stop(taskId: string, attempt: number, reason: AbortReason): RunningTask | undefined {
    this.seen.add(taskId, attempt);
    const task = this.pool.findRunning(taskId, attempt);
    if (task && !task.controller.signal.aborted) task.controller.abort(reason);
    return task;
  }

  private async work(award: TaskAwarded, task: RunningTask, log: Logger): Promise<void> {
    const started = Date.now();
    const { signal } = task.controller;
    const leaseMs = leaseLengthMs(award);
    // Renew well before the lease lapses even when the configured period is too long for it.
    const renewEvery = renewalPeriodMs(award, this.config.LEASE_RENEW_MS);
    const renew = (progress: number | null, message: string | null) =>
      this.publisher
        .publish(
          'TaskProgress',
          taskProgress(this.speaker(award), award, progress, message, Date.now() + leaseMs),
        )
        .catch((err: unknown) => log.warn({ err }, 'lease renewal failed'));
    // A task that ends quickly needs no progress report: its result ends the lease. One that
    // keeps working says so soon (it shows as running), then renews its lease periodically.
    const startNotice = setTimeout(
      () => {
        if (!signal.aborted) void renew(0, `${award.agentId} started ${award.capability}`);
      },
      Math.min(STARTED_NOTICE_MS, renewEvery),
    );
    const renewal = setInterval(() => {
      if (!signal.aborted) void renew(null, null);
    }, renewEvery);
    const deadline = setTimeout(
      () => task.controller.abort('timeout'),
      this.config.TASK_TIMEOUT_MS,
    );
    // The model's text as it comes, for the goal's watchers; published before the result, so a
    // watcher has every piece by the time it reads TaskCompleted.
    const output = new OutputBatcher(
      (piece) =>
        this.publisher
          .publish('TaskOutputDelta', taskOutputDelta(this.speaker(award), award, piece))
          .catch((err: unknown) => log.warn({ err }, 'streamed output could not be published')),
      OUTPUT_BATCH,
    );
    try {
      let result: SkillResult;
      try {
        const input = parseTaskInput(award.input);
        try {
          result = await this.skills.run(award, input, signal, undefined, (text, turn) =>
            output.push(text, turn),
          );
        } finally {
          await output.close();
        }
        const minDurationMs = this.pool.get(award.agentId)?.definition.minDurationMs ?? 0;
        await holdUntil(started + minDurationMs, signal);
        if (signal.aborted) throw new Error('aborted');
      } catch (error) {
        await this.fail(award, task, error, started, log);
        return;
      }
      clearTimeout(startNotice);
      clearInterval(renewal);
      const usage = this.usage(award, started, result);
      await this.publisher.publish(
        'TaskCompleted',
        taskCompleted(this.speaker(award), award, JSON.stringify(result.output), usage),
      );
      tasksTotal.inc({ outcome: 'completed' });
      taskSeconds.observe({ capability: award.capability }, usage.durationMs / 1000);
      log.info({ durationMs: usage.durationMs, kind: result.output.kind }, 'task completed');
      this.record(award, 'completed', usage.durationMs);
    } finally {
      clearTimeout(startNotice);
      clearInterval(renewal);
      clearTimeout(deadline);
    }
  }

  private async fail(
    award: TaskAwarded,
    task: RunningTask,
    error: unknown,
    started: number,
    log: Logger,
  ): Promise<void> {
    const reason = task.controller.signal.reason as AbortReason | undefined;
    const usage = this.usage(award, started, undefined);
    switch (reason) {
      case 'cancelled':
        // Whoever cancelled the attempt already published its end.
        tasksTotal.inc({ outcome: 'cancelled' });
        log.info('task cancelled');
        return;
      case 'drain':
        await this.publishFailed(
          award,
          'released',
          'agent shut down before finishing; released for another agent',
          true,
          usage,
        );
        tasksTotal.inc({ outcome: 'released' });
        log.info('task released at shutdown');
        return;
      case 'timeout':
        await this.publishFailed(
          award,
          'timeout',
          `gave up after ${this.config.TASK_TIMEOUT_MS} ms`,
          true,
          usage,
        );
        tasksTotal.inc({ outcome: 'timeout' });
        log.warn('task timed out');
        this.record(award, 'failed');
        return;
      case undefined: {
        const skillError = toSkillError(error);
        await this.publishFailed(award, 'error', skillError.message, skillError.retriable, usage);
        tasksTotal.inc({ outcome: 'failed' });
        log.warn({ err: skillError, retriable: skillError.retriable }, 'task failed');
        this.record(award, 'failed');
        return;
      }
    }
  }

  private record(award: TaskAwarded, kind: 'completed' | 'failed', durationMs?: number): void {
    this.stats.add({
      taskId: award.taskId,
      attempt: award.attempt,
      kind,
      agentId: award.agentId,
      capability: award.capability,
      ...(durationMs !== undefined ? { durationMs } : {}),
    });
  }

  private usage(award: TaskAwarded, started: number, result: SkillResult | undefined): Usage {
    const agent = this.pool.get(award.agentId)?.definition;
    // The model's actual use is added to the cost model's price, not the bid's estimate of it.
    const price = agent ? basePriceOf(agent, award.capability) : 0;
    return {
      durationMs: Date.now() - started,
      inputTokens: result?.inputTokens ?? 0,
      outputTokens: result?.outputTokens ?? 0,
      costUsd: Math.round((price + (result?.modelCostUsd ?? 0)) * 1e6) / 1e6,
      model: result?.model ?? null,
    };
  }

  private async publishFailed(
    award: TaskAwarded,
    code: AgentFailureCode,
    reason: string,
    retriable: boolean,
    usage: Usage | null,
  ): Promise<void> {
    await this.publisher.publish(
      'TaskFailed',
      taskFailed(this.speaker(award), award, { code, reason, retriable }, usage),
    );
  }

  private speaker(award: TaskAwarded) {
    return { agentId: award.agentId, version: this.messaging.options.producer.version };
  }
}

/** Waits until `time` (epoch ms) or until the signal aborts, whichever comes first. */
function holdUntil(time: number, signal: AbortSignal): Promise<void> {
  const wait = time - Date.now();
  if (wait <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, wait);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
