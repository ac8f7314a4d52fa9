import { BidBook, bidSubmitted } from '@agora/agent-sdk';
import type { CallForProposals, TaskAwarded, TaskEvaluated, TaskFailed } from '@agora/contracts';
import { AgentStatsRepository } from '@agora/executor/data-access';
import { decideBid } from '@agora/executor/domain';
import { EventPublisher, MessagingClient, type OutgoingEvent } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AgentPool } from './agents/agent-pool';
import { HeartbeatService } from './agents/heartbeat.service';
import { StatsRecorder } from './agents/stats-recorder.service';
import type { ExecutorConfig } from './executor-config';
import { awardsRefused, bidsTotal } from './executor.metrics';
import { MemorySearchClient } from './skills/memory-search.client';
import { TaskRunner } from './tasks/task-runner.service';
import { EXECUTOR_CONFIG } from './tokens';

/** As long as the task topics keep events (7 days). */
const OUTCOME_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * Consumer group names of one run of an executor process. A group per run, not per process: a
 * run that crashed would otherwise stay a member of the group until its session times out, and
 * its successor would wait that long (30 s) to receive anything. Each run starts at the end of
 * the topics and stores no offsets, so nothing is left behind: calls it missed while down are
 * called again, awards to the run that died end with its leases.
 */
export function executorGroups(baseGroup: string, instanceId: string, incarnation: string) {
  const run = `${baseGroup}.${instanceId}.${incarnation}`;
  return { work: run, replies: `${run}.replies` };
}

/**
 * The executor process: answers calls for proposals for each hosted agent, starts awarded work,
 * stops cancelled work, learns from evaluations, and drains on shutdown.
 *
 * Calls, awards, failures and evaluations are read in a consumer group of this process alone,
 * not the shared service group: every process must see every call (each hosts different
 * agents), and an award must reach the process that hosts its winner.
 */
@Injectable()
export class ExecutorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly bids = new BidBook();

  constructor(
    private readonly pool: AgentPool,
    private readonly heartbeats: HeartbeatService,
    private readonly runner: TaskRunner,
    private readonly statsRepository: AgentStatsRepository,
    private readonly stats: StatsRecorder,
    private readonly memory: MemorySearchClient,
    private readonly publisher: EventPublisher,
    private readonly messaging: MessagingClient,
    @Inject(EXECUTOR_CONFIG) private readonly config: ExecutorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Events older than the task topics' retention cannot be redelivered any more.
    await this.statsRepository.pruneOutcomes(OUTCOME_RETENTION_MS);
    const learnt = await this.statsRepository.load(this.pool.ids());
    for (const [agentId, perCapability] of learnt) {
      for (const [capability, stats] of perCapability)
        this.pool.setStats(agentId, capability, stats);
    }
    const groups = executorGroups(
      this.messaging.options.consumer.groupId,
      this.config.instanceId,
      this.pool.incarnation,
    );
    const work = this.messaging
      .consumer(groups.work, { fromBeginning: false, commit: false })
      .onBatch('CallForProposals', (calls) => this.onCallsForProposals(calls))
      .onBatch('TaskAwarded', (awards) => this.onTasksAwarded(awards))
      .onBatch('TaskFailed', (failures) => this.onTasksFailed(failures))
      .onBatch('TaskEvaluated', (evaluations) => this.onTasksEvaluated(evaluations));
    await Promise.all([this.memory.start(), work.start()]);
    await this.heartbeats.start(() => work.healthy);
    this.logger.info(
      { agents: this.pool.ids(), group: groups.work },
      `hosting ${this.pool.ids().length} agents`,
    );
  }

  /**
   * Runs before any beforeApplicationShutdown hook, so before the messaging module stops the
   * consumers and the producer: the last results and heartbeats still go out.
   */
  async onModuleDestroy(): Promise<void> {
    await this.drain();
  }

  /** Stops bidding, lets running tasks finish for DRAIN_TIMEOUT_MS, releases the rest, goes OFFLINE. */
  async drain(): Promise<void> {
    if (this.pool.draining) return;
    this.pool.startDraining();
    await this.heartbeats
      .publishNow()
      .catch((err: unknown) => this.logger.warn({ err }, 'heartbeat failed'));
    const running = this.pool.running();
    this.logger.info(
      { running: running.length, timeoutMs: this.config.DRAIN_TIMEOUT_MS },
      'draining',
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), this.config.DRAIN_TIMEOUT_MS);
    });
    const outcome = await Promise.race([Promise.all(running.map((t) => t.done)), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const left = this.pool.running();
      for (const task of left) task.controller.abort('drain');
      await Promise.all(left.map((t) => t.done));
      this.logger.warn({ released: left.length }, 'released unfinished tasks');
    }
    this.memory.rejectAll('executor is shutting down');
    await this.stats.flush();
    await this.heartbeats
      .stop()
      .catch((err: unknown) => this.logger.warn({ err }, 'heartbeat failed'));
  }

  /** Answers every call of a batch for every hosted agent it concerns, in one publish. */
  async onCallsForProposals(calls: readonly CallForProposals[]): Promise<void> {
    const now = Date.now();
    const version = this.messaging.options.producer.version;
    const answers: OutgoingEvent[] = [];
    for (const call of calls) {
      for (const agent of this.pool.all()) {
        const answer = decideBid(
          agent.definition,
          { activeTasks: agent.running.size, draining: this.pool.draining },
          call,
          agent.stats.get(call.capability),
          now,
        );
        if (answer.decision === 'IGNORE') continue;
        const event = bidSubmitted(
          { agentId: agent.definition.id, version },
          this.pool.incarnation,
          call,
          answer,
        );
        answers.push({ type: 'BidSubmitted', event });
        bidsTotal.inc({ decision: answer.decision });
        if (answer.decision === 'BID') {
          this.bids.record(agent.definition.id, call.taskId, call.attempt, now);
        }
      }
    }
    await this.publisher.publishMany(answers);
  }

  async onTasksAwarded(awards: readonly TaskAwarded[]): Promise<void> {
    for (const award of awards) {
      if (!this.pool.get(award.agentId)) continue;
      if (award.incarnation !== '' && award.incarnation !== this.pool.incarnation) {
        // Won by an earlier run of this process; the auction ends that lease when it sees this
        // run's heartbeat, and the planner puts the task out again.
        this.logger.info(
          { taskId: award.taskId, attempt: award.attempt, agentId: award.agentId },
          'award for an earlier run of this process; ignored',
        );
        continue;
      }
      if (!this.bids.placed(award.agentId, award.taskId, award.attempt, Date.now())) {
        // Awards are answers to our bids; one for a bid never placed (a forged or misrouted
        // award, a task nobody auctioned) must not make an agent run anything.
        awardsRefused.inc();
        this.logger.warn(
          {
            taskId: award.taskId,
            attempt: award.attempt,
            agentId: award.agentId,
            producer: award.envelope.producer.service,
          },
          'award for a task this agent did not bid on; ignored',
        );
        continue;
      }
      await this.runner.start(award);
    }
  }

  async onTasksFailed(failures: readonly TaskFailed[]): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const failure of failures) {
      // Our own failures come back to us too; only someone else's ends an attempt we run.
      if (this.pool.get(failure.envelope.producer.service)) continue;
      const task = this.runner.stop(failure.taskId, failure.attempt, 'cancelled');
      if (!task) continue;
      this.logger.info(
        {
          taskId: failure.taskId,
          attempt: failure.attempt,
          agentId: task.agentId,
          code: failure.code,
        },
        'attempt ended elsewhere; stopping it',
      );
      stopping.push(task.done);
    }
    await Promise.all(stopping);
  }

  onTasksEvaluated(evaluations: readonly TaskEvaluated[]): void {
    for (const evaluation of evaluations) {
      if (!this.pool.get(evaluation.agentId)) continue;
      this.stats.add({
        taskId: evaluation.taskId,
        attempt: evaluation.attempt,
        kind: evaluation.verdict === 'ACCEPTED' ? 'accepted' : 'rejected',
        agentId: evaluation.agentId,
        capability: evaluation.capability,
      });
    }
  }
}
