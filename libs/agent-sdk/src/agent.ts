import { randomUUID } from 'node:crypto';
import {
  DEFAULT_VISIBILITY,
  outputKinds,
  parseTaskInput,
  quoteOf,
  screenCall,
  stricterVisibility,
  type AgentStatus,
  type CallForProposals,
  type EventType,
  type TaskAwarded,
  type TaskFailed,
  type TaskOutput,
  type Usage,
} from '@agora/contracts';
import { MemorySearchClient } from '@agora/memory-client';
import { MessagingClient, type EventConsumer, type OutgoingEvent } from '@agora/messaging';
import { createLogger, type Logger } from '@agora/observability';
import {
  offerProblems,
  resolveAgentOptions,
  TaskError,
  type AbortReason,
  type AgentOptions,
  type AwardedTask,
  type ResolvedAgentOptions,
  type TaskContext,
} from './agent-options';
import { connectionFromEnv } from './connection';
import {
  agentHeartbeat,
  bidSubmitted,
  leaseLengthMs,
  LOAD_CHANGE_EVERY_MS,
  renewalPeriodMs,
  STARTED_NOTICE_MS,
  taskCompleted,
  taskFailed,
  taskProgress,
  type AgentFailureCode,
  type CallAnswer,
  type Speaker,
} from './protocol/agent-events';
import { BidBook } from './protocol/bid-book';
import { attemptKey, SEEN_ATTEMPTS_LIMIT, SeenAttempts } from './protocol/seen-attempts';

/** The events an agent sends and reads: the schemas it registers at start. */
const AGENT_EVENT_TYPES: readonly EventType[] = [
  'AgentHeartbeat',
  'CallForProposals',
  'BidSubmitted',
  'TaskAwarded',
  'TaskProgress',
  'TaskCompleted',
  'TaskFailed',
  'MemorySearchRequested',
  'MemorySearchCompleted',
];

/** Codes of failures that end an attempt because its lease is gone, not because it was cancelled. */
const LEASE_ENDED_CODES = new Set(['lease_expired', 'released']);

/** Counts of what the agent did since it started. */
export interface AgentCounters {
  bids: number;
  refusals: number;
  awardsStarted: number;
  /** Awards for a (task, attempt) this agent did not bid on, or for an earlier run. */
  awardsIgnored: number;
  completed: number;
  failed: number;
  cancelled: number;
  released: number;
}

interface Running {
  key: string;
  award: TaskAwarded;
  controller: AbortController;
  /** Settles once the attempt's result, failure or release has been published. */
  done: Promise<void>;
}

/** Where the agent is in its life. */
export type AgentPhase = 'created' | 'running' | 'draining' | 'drained' | 'stopped';

/**
 * One agent taking part in the swarm from its own process: it heartbeats, answers calls for
 * proposals through `bid`, runs the awards it won through `run` (outside the consumer, renewing
 * its lease meanwhile), publishes the result or the failure, stops work that is cancelled or whose
 * lease is lost, and drains on request.
 */
export class Agent {
  /**
   * This run of the agent. Heartbeats and bids carry it and awards name it, so after a restart
   * the auction ends the leases of the run that died, and an award meant for it is not started.
   */
  readonly incarnation = randomUUID().slice(0, 8);
  readonly counters: AgentCounters = {
    bids: 0,
    refusals: 0,
    awardsStarted: 0,
    awardsIgnored: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    released: 0,
  };
  private readonly options: ResolvedAgentOptions;
  private readonly logger: Logger;
  private readonly messaging: MessagingClient;
  private readonly memory: MemorySearchClient;
  private readonly bids = new BidBook();
  private readonly seen = new SeenAttempts();
  /** The price of each bid placed, by attempt, for the usage of the attempt if it is won. */
  private readonly prices = new Map<string, number>();
  private readonly running = new Map<string, Running>();
  private readonly speaker: Speaker;
  private phaseNow: AgentPhase = 'created';
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private workConsumer: EventConsumer | undefined;
  private loadBeatScheduled = false;
  private lastLoadBeatAt = 0;
  private drained: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.logger.info({ signal }, 'draining on signal');
    this.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        this.logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };

  constructor(options: AgentOptions) {
    this.options = resolveAgentOptions(options);
    const { id, principal, version } = this.options;
    this.speaker = { agentId: id, version };
    this.logger =
      this.options.logger ??
      createLogger(id, (this.options.env['LOG_LEVEL'] as 'info' | undefined) ?? 'info');
    const connection =
      this.options.connection ??
      connectionFromEnv(this.options.env, { service: principal, version }, id);
    const signing = this.options.signingKey ?? connection.signing;
    this.messaging = new MessagingClient(
      { ...connection, producer: { service: principal, version }, ...(signing ? { signing } : {}) },
      this.logger,
    );
    this.memory = new MemorySearchClient(this.messaging, {
      groupPrefix: `${this.groupBase()}.`,
      defaultTimeoutMs: this.options.memoryTimeoutMs,
    });
  }

  get id(): string {
    return this.options.id;
  }

  get phase(): AgentPhase {
    return this.phaseNow;
  }

  /** Attempts being worked on now. */
  get activeTasks(): number {
    return this.running.size;
  }

  /**
   * Connects, joins the work group (calls, awards, failures) at the end of the topics, and
   * announces the agent ONLINE. Resolves once it can hear calls.
   */
  async start(): Promise<void> {
    if (this.phaseNow !== 'created') throw new Error(`agent ${this.id} was already started`);
    this.phaseNow = 'running';
    await this.messaging.connect(AGENT_EVENT_TYPES, { requireTopics: true });
    // A group per run of the agent, starting at the end and storing no offsets: calls missed
    // while down are called again, awards to an earlier run end with its leases.
    const work = (this.workConsumer = this.messaging
      .consumer(this.groupBase(), { fromBeginning: false, commit: false })
      .onBatch('CallForProposals', (calls) => this.onCalls(calls))
      .onBatch('TaskAwarded', (awards) => this.onAwards(awards))
      .onBatch('TaskFailed', (failures) => this.onFailures(failures)));
    await Promise.all([work.start(), this.memory.start()]);
    await this.heartbeat('ONLINE');
    this.heartbeatTimer = setInterval(() => {
      if (!work.healthy) return; // unheard agents must lapse from the roster, not be invited
      void this.heartbeat(this.status()).catch((err: unknown) =>
        this.logger.warn({ err }, 'heartbeat failed'),
      );
    }, this.options.heartbeatIntervalMs);
    if (this.options.drainOnSignals) {
      process.once('SIGTERM', this.onSignal);
      process.once('SIGINT', this.onSignal);
    }
    this.logger.info(
      {
        agentId: this.id,
        capabilities: this.options.capabilities,
        capacity: this.options.capacity,
        incarnation: this.incarnation,
      },
      'agent online',
    );
  }

  /**
   * Stops bidding (calls are refused, heartbeats say DRAINING), lets running tasks finish for
   * `drainTimeoutMs`, then stops the rest and releases them (TaskFailed `released`, retriable) so
   * the planner gives them to another agent.
   */
  drain(): Promise<void> {
    this.drained ??= this.drainNow();
    return this.drained;
  }

  /** Drains if it has not, announces the agent OFFLINE and disconnects. */
  stop(): Promise<void> {
    this.stopped ??= this.stopNow();
    return this.stopped;
  }

  private async drainNow(): Promise<void> {
    if (this.phaseNow !== 'running') return;
    this.phaseNow = 'draining';
    await this.heartbeat('DRAINING').catch((err: unknown) =>
      this.logger.warn({ err }, 'heartbeat failed'),
    );
    const running = [...this.running.values()];
    this.logger.info(
      { running: running.length, timeoutMs: this.options.drainTimeoutMs },
      'draining',
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), this.options.drainTimeoutMs);
    });
    const outcome = await Promise.race([Promise.all(running.map((t) => t.done)), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const left = [...this.running.values()];
      for (const task of left) task.controller.abort('drain' satisfies AbortReason);
      await Promise.all(left.map((t) => t.done));
      this.logger.warn({ released: left.length }, 'released unfinished tasks');
    }
    this.phaseNow = 'drained';
  }

  private async stopNow(): Promise<void> {
    process.off('SIGTERM', this.onSignal);
    process.off('SIGINT', this.onSignal);
    if (this.phaseNow === 'created') {
      this.phaseNow = 'stopped';
      return;
    }
    await this.drain();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    await this.heartbeat('OFFLINE').catch((err: unknown) =>
      this.logger.warn({ err }, 'heartbeat failed'),
    );
    this.phaseNow = 'stopped';
    await this.messaging.close();
    this.logger.info({ counters: this.counters }, 'agent offline');
  }

  private status(): AgentStatus {
    return this.phaseNow === 'running' ? 'ONLINE' : 'DRAINING';
  }

  private groupBase(): string {
    return `${this.messaging.options.topics.prefix}agora.${this.options.principal}.${this.id}.${this.incarnation}`;
  }

  private async heartbeat(status: AgentStatus): Promise<void> {
    await this.messaging.publisher.publish(
      'AgentHeartbeat',
      agentHeartbeat(this.speaker, {
        capabilities: this.options.capabilities,
        capacity: this.options.capacity,
        activeTasks: this.running.size,
        status,
        intervalMs: this.options.heartbeatIntervalMs,
        costPerTaskUsd: this.options.costPerTaskUsd,
        incarnation: this.incarnation,
      }),
    );
  }

  /** Load changed: announce it, at most once a second (the auction counts slots from leases). */
  private loadChanged(): void {
    if (this.phaseNow !== 'running' || this.loadBeatScheduled) return;
    this.loadBeatScheduled = true;
    const delay = Math.max(0, this.lastLoadBeatAt + LOAD_CHANGE_EVERY_MS - Date.now());
    setTimeout(() => {
      this.loadBeatScheduled = false;
      this.lastLoadBeatAt = Date.now();
      if (this.phaseNow !== 'running' || !this.workConsumer?.healthy) return;
      void this.heartbeat('ONLINE').catch((err: unknown) =>
        this.logger.warn({ err }, 'heartbeat failed'),
      );
    }, delay).unref();
  }

  private async onCalls(calls: readonly CallForProposals[]): Promise<void> {
    const answers: OutgoingEvent[] = [];
    for (const call of calls) {
      const answer = await this.answer(call);
      if (!answer) continue;
      answers.push({
        type: 'BidSubmitted',
        event: bidSubmitted(this.speaker, this.incarnation, call, answer),
      });
      if (answer.decision === 'BID') {
        this.counters.bids += 1;
        this.bids.record(this.id, call.taskId, call.attempt, Date.now());
        this.prices.delete(attemptKey(call.taskId, call.attempt));
        this.prices.set(attemptKey(call.taskId, call.attempt), answer.cost);
        if (this.prices.size > SEEN_ATTEMPTS_LIMIT) {
          const oldest = this.prices.keys().next().value;
          if (oldest !== undefined) this.prices.delete(oldest);
        }
      } else {
        this.counters.refusals += 1;
      }
    }
    await this.messaging.publisher.publishMany(answers);
  }

  /** The answer to one call, or undefined when the call gets none. */
  private async answer(call: CallForProposals): Promise<CallAnswer | undefined> {
    const screening = screenCall(
      this.options,
      { activeTasks: this.running.size, draining: this.phaseNow !== 'running' },
      call,
      Date.now(),
    );
    if (screening.decision === 'IGNORE') return undefined;
    if (screening.decision === 'REFUSE') return screening;
    const { load } = screening;
    let offer;
    try {
      offer = await this.options.bid(call);
    } catch (err) {
      this.logger.error({ err, taskId: call.taskId }, 'bid() threw; refusing the call');
      return { decision: 'REFUSE', reason: 'the agent could not price the task', load };
    }
    if (offer === undefined) return { decision: 'REFUSE', reason: 'declined by the agent', load };
    const problems = offerProblems(offer);
    if (problems.length > 0) {
      this.logger.error({ taskId: call.taskId, problems }, 'bid() returned an invalid offer');
      return { decision: 'REFUSE', reason: `invalid offer: ${problems.join('; ')}`, load };
    }
    return {
      decision: 'BID',
      cost: Math.round(offer.costUsd * 1e6) / 1e6,
      estimatedDurationMs: Math.round(offer.etaMs),
      confidence: offer.confidence,
      load,
    };
  }

  private async onAwards(awards: readonly TaskAwarded[]): Promise<void> {
    for (const award of awards) {
      if (award.agentId !== this.id) continue;
      const log = this.logger.child({
        taskId: award.taskId,
        attempt: award.attempt,
        goalId: award.envelope.goalId,
      });
      if (award.incarnation !== '' && award.incarnation !== this.incarnation) {
        this.counters.awardsIgnored += 1;
        log.info('award for an earlier run of this agent; ignored');
        continue;
      }
      if (!this.bids.placed(this.id, award.taskId, award.attempt, Date.now())) {
        // Awards answer bids: one for a bid never placed (forged, misrouted, or for a task
        // nobody auctioned) must not make the agent run anything.
        this.counters.awardsIgnored += 1;
        log.warn(
          { producer: award.envelope.producer.service },
          'award for a task this agent did not bid on; ignored',
        );
        continue;
      }
      const key = attemptKey(award.taskId, award.attempt);
      if (!this.seen.add(award.taskId, award.attempt)) {
        log.info('award already seen; ignored');
        continue;
      }
      if (award.leaseExpiresAt <= Date.now()) {
        log.warn('award arrived after its lease expired; ignored');
        continue;
      }
      if (this.phaseNow !== 'running') {
        // Bid before draining began: give the attempt back at once rather than start it.
        await this.publishFailed(award, 'released', 'agent is shutting down', true, null);
        this.counters.released += 1;
        continue;
      }
      this.begin(award, key, log);
    }
  }

  private onFailures(failures: readonly TaskFailed[]): void {
    for (const failure of failures) {
      // Our own failures come back to us too; only someone else's ends an attempt we run.
      if (failure.envelope.producer.service === this.id) continue;
      const task = this.running.get(attemptKey(failure.taskId, failure.attempt));
      this.seen.add(failure.taskId, failure.attempt);
      if (!task || task.controller.signal.aborted) continue;
      const reason: AbortReason = LEASE_ENDED_CODES.has(failure.code) ? 'lease-lost' : 'cancelled';
      this.logger.info(
        { taskId: failure.taskId, attempt: failure.attempt, code: failure.code, reason },
        'attempt ended elsewhere; stopping it',
      );
      task.controller.abort(reason);
    }
  }

  /** Starts an attempt in the background: the consumer callback returns at once. */
  private begin(award: TaskAwarded, key: string, log: Logger): void {
    const task: Running = {
      key,
      award,
      controller: new AbortController(),
      done: Promise.resolve(),
    };
    this.running.set(key, task);
    this.counters.awardsStarted += 1;
    this.loadChanged();
    log.info({ capability: award.capability }, 'task started');
    task.done = this.work(task, log)
      .catch((err: unknown) => log.error({ err }, 'task result could not be published'))
      .finally(() => {
        this.running.delete(key);
        this.loadChanged();
      });
  }

  private async work(task: Running, log: Logger): Promise<void> {
    const { award, controller } = task;
    const { signal } = controller;
    const started = Date.now();
    const leaseMs = leaseLengthMs(award);
    const renewEvery = renewalPeriodMs(award, this.options.leaseRenewMs);
    let leaseExpiresAt = award.leaseExpiresAt;
    const renew = (progress: number | null, message: string | null): void => {
      if (signal.aborted) return;
      const until = Date.now() + leaseMs;
      this.messaging.publisher
        .publish('TaskProgress', taskProgress(this.speaker, award, progress, message, until))
        .then(
          () => {
            leaseExpiresAt = Math.max(leaseExpiresAt, until);
          },
          (err: unknown) => {
            log.warn({ err }, 'lease renewal failed');
            // Nobody else heard the renewal: past the last lease that went out, the auction may
            // have given the task to another agent.
            if (Date.now() >= leaseExpiresAt && !signal.aborted) controller.abort('lease-lost');
          },
        );
    };
    const startNotice = setTimeout(
      () => renew(0, `${award.agentId} started ${award.capability}`),
      Math.min(STARTED_NOTICE_MS, renewEvery),
    );
    const renewal = setInterval(() => renew(null, null), renewEvery);
    const deadline = setTimeout(() => controller.abort('timeout'), this.options.taskTimeoutMs);
    const stopTimers = () => {
      clearTimeout(startNotice);
      clearInterval(renewal);
      clearTimeout(deadline);
    };
    let output: string;
    try {
      const input = parseTaskInput(award.input);
      // What the step may quote (params.quote); a bad value fails the attempt, naming it.
      const quote = quoteOf(input.params) ?? DEFAULT_VISIBILITY;
      const context: TaskContext = {
        signal,
        logger: log,
        progress: (fraction, message) => renew(Math.min(1, Math.max(0, fraction)), message ?? null),
        memory: {
          search: (query, options = {}) =>
            this.memory.search({
              query,
              requester: this.id,
              ...(options.k !== undefined ? { k: options.k } : {}),
              ...(options.kinds ? { kinds: options.kinds } : {}),
              scopeGoalId: options.thisGoalOnly ? award.envelope.goalId : null,
              maxVisibility: stricterVisibility(quote, options.maxVisibility) ?? quote,
              ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
            }),
        },
      };
      const taskView: AwardedTask = {
        taskId: award.taskId,
        attempt: award.attempt,
        goalId: award.envelope.goalId,
        capability: award.capability,
        taskName: award.taskName,
        input,
        feedback: award.feedback,
        outputKind: input.outputKind,
      };
      const running = this.options.run(taskView, context);
      // Once the attempt is stopped nobody waits for run() any more; its late failure is moot.
      running.catch(() => undefined);
      const result = await Promise.race([running, aborted(signal)]);
      output = this.checkedOutput(result, input.outputKind);
    } catch (error) {
      stopTimers();
      await this.fail(task, error, started, log);
      return;
    }
    stopTimers();
    if (signal.aborted) {
      await this.fail(task, new Error('aborted'), started, log);
      return;
    }
    const usage = this.usage(award, started);
    await this.messaging.publisher.publish(
      'TaskCompleted',
      taskCompleted(this.speaker, award, output, usage),
    );
    this.counters.completed += 1;
    log.info({ durationMs: usage.durationMs }, 'task completed');
  }

  /** The output as JSON, after checking it against its kind when asked to. */
  private checkedOutput(result: TaskOutput, expectedKind: string | undefined): string {
    if (!this.options.validateOutput) return JSON.stringify(result);
    const parsed = outputKinds.parse(result, expectedKind);
    if (!parsed.ok) {
      throw new TaskError(`run() returned an invalid output: ${parsed.problems.join('; ')}`, false);
    }
    return JSON.stringify(result);
  }

  private async fail(task: Running, error: unknown, started: number, log: Logger): Promise<void> {
    const { award, controller } = task;
    const reason = controller.signal.reason as AbortReason | undefined;
    const usage = this.usage(award, started);
    switch (reason) {
      case 'cancelled':
      case 'lease-lost':
        // Whoever ended the attempt already published its end.
        this.counters.cancelled += 1;
        log.info({ reason }, 'task stopped');
        return;
      case 'drain':
        await this.publishFailed(
          award,
          'released',
          'agent shut down before finishing; released for another agent',
          true,
          usage,
        );
        this.counters.released += 1;
        log.info('task released at shutdown');
        return;
      case 'timeout':
        await this.publishFailed(
          award,
          'timeout',
          `gave up after ${this.options.taskTimeoutMs} ms`,
          true,
          usage,
        );
        this.counters.failed += 1;
        log.warn('task timed out');
        return;
      case undefined: {
        const message = error instanceof Error ? error.message : String(error);
        const retriable = error instanceof TaskError ? error.retriable : true;
        await this.publishFailed(award, 'error', message, retriable, usage);
        this.counters.failed += 1;
        log.warn({ err: error, retriable }, 'task failed');
        return;
      }
    }
  }

  private usage(award: TaskAwarded, started: number): Usage {
    return {
      durationMs: Date.now() - started,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: this.prices.get(attemptKey(award.taskId, award.attempt)) ?? 0,
      model: null,
    };
  }

  private async publishFailed(
    award: TaskAwarded,
    code: AgentFailureCode,
    reason: string,
    retriable: boolean,
    usage: Usage | null,
  ): Promise<void> {
    await this.messaging.publisher.publish(
      'TaskFailed',
      taskFailed(this.speaker, award, { code, reason, retriable }, usage),
    );
  }
}

/** Rejects when the signal aborts, so an attempt stops waiting for a `run` that ignores it. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error(`aborted: ${String(signal.reason)}`));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** Creates an agent (options are checked at once); call {@link Agent.start} to join the swarm. */
export function createAgent(options: AgentOptions): Promise<Agent> {
  // Bad options or environment reject the promise rather than throw where it is awaited or not.
  try {
    return Promise.resolve(new Agent(options));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
