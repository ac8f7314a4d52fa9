import { randomUUID } from 'node:crypto';
import { auctionEntities, auctionMigrations } from '@agora/auction/data-access';
import { loadConfig } from '@agora/config';
import type {
  BidSubmitted,
  CallForProposals,
  EventMap,
  EventType,
  TaskAwarded,
  TaskReady,
} from '@agora/contracts';
import { testDataSource } from '@agora/database/testing';
import type { MessagingClient } from '@agora/messaging';
import { testMessagingClient } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { stackEnv, uniquePrefix } from '@agora/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { auctionEnvSchema, type AuctionEnv } from '../config';

/** How a fake agent answers a call: a bid, a refusal, or silence (undefined). */
export type Answer = Pick<
  BidSubmitted,
  'decision' | 'cost' | 'estimatedDurationMs' | 'confidence' | 'load'
>;
export type Bidder = (cfp: CallForProposals, agentId: string) => Answer | undefined;

/** How a fake agent announces itself. */
export interface AgentOptions {
  status?: 'ONLINE' | 'DRAINING' | 'OFFLINE';
  intervalMs?: number;
  /** @default 4 */
  capacity?: number;
  /** @default 'run-1' */
  incarnation?: string;
  /** Publish TaskCompleted for every award, freeing the slot. @default false */
  autoComplete?: boolean;
}

const producer = { service: 'auction-test', version: '0.0.0-test' };

/**
 * The auction on the real stack for tests: its own topic prefix and database schema, any number
 * of auction instances (each a Nest application context with its own connections, all in one
 * consumer group and one schema), fake agents that answer calls with real BidSubmitted events,
 * and a recorder of everything the auction publishes.
 */
export class AuctionHarness {
  readonly seen: { [T in EventType]?: EventMap[T][] } = {};
  private readonly instances: INestApplicationContext[] = [];
  private agents = new Map<
    string,
    { capabilities: string[]; bidder: Bidder; incarnation: string; autoComplete: boolean }
  >();
  /** Bids published twice, as a redelivery would. */
  duplicateBidEvery = 0;
  private bidsPublished = 0;

  private constructor(
    readonly prefix: string,
    readonly env: AuctionEnv,
    readonly db: Awaited<ReturnType<typeof testDataSource>>,
    readonly client: MessagingClient,
  ) {}

  static async start(
    label: string,
    overrides: Record<string, string> = {},
  ): Promise<AuctionHarness> {
    const prefix = uniquePrefix(label);
    const db = await testDataSource({
      entities: auctionEntities,
      migrations: auctionMigrations,
      label,
    });
    const stack = stackEnv();
    const env = loadConfig('auction', auctionEnvSchema, {
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: stack.SCHEMA_REGISTRY_URL,
      DATABASE_URL: stack.DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...overrides,
    });
    const client = testMessagingClient(prefix, { service: producer.service });
    await client.connect();
    const harness = new AuctionHarness(prefix, env, db, client);
    await harness.startObservers();
    return harness;
  }

  /** Starts one more auction instance and waits until it has joined the consumer group. */
  async startInstance(): Promise<INestApplicationContext> {
    const app = await NestFactory.createApplicationContext(
      AppModule.register({
        service: 'auction',
        version: '0.0.0-test',
        env: this.env,
        logger: createLogger('auction', this.env.LOG_LEVEL),
      }),
      { logger: false },
    );
    await app.init();
    this.instances.push(app);
    return app;
  }

  /**
   * A fake agent: announces itself with a heartbeat and answers the calls it is invited to (or
   * open calls for its capabilities). With `autoComplete` it finishes every task it is awarded.
   */
  async addAgent(
    agentId: string,
    capabilities: string[],
    bidder: Bidder,
    options: AgentOptions = {},
  ): Promise<void> {
    const incarnation = options.incarnation ?? 'run-1';
    this.agents.set(agentId, {
      capabilities,
      bidder,
      incarnation,
      autoComplete: options.autoComplete ?? false,
    });
    await this.heartbeat(agentId, options);
  }

  /** Publishes one heartbeat of a known agent (a new incarnation says its process restarted). */
  async heartbeat(agentId: string, options: AgentOptions = {}): Promise<void> {
    const agent = this.agents.get(agentId);
    if (!agent) throw new Error(`no agent ${agentId}`);
    if (options.incarnation) agent.incarnation = options.incarnation;
    await this.client.publisher.publish('AgentHeartbeat', {
      envelope: { ...this.envelope(null), producer: { service: agentId, version: '0' } },
      agentId,
      capabilities: agent.capabilities,
      capacity: options.capacity ?? 4,
      activeTasks: 0,
      status: options.status ?? 'ONLINE',
      intervalMs: options.intervalMs ?? 60_000,
      costPerTaskUsd: null,
      incarnation: agent.incarnation,
      allowedCommands: [],
      allowedHosts: [],
    });
  }

  /** Heartbeat for an agent that never answers calls (a live agent that stays silent). */
  async addSilentAgent(agentId: string, capabilities: string[]): Promise<void> {
    await this.addAgent(agentId, capabilities, () => undefined);
  }

  /** The agent's result for an award, as the executor would publish it. */
  async complete(award: TaskAwarded): Promise<void> {
    await this.client.publisher.publish('TaskCompleted', {
      envelope: this.envelope(award.envelope.goalId, award.envelope.eventId),
      taskId: award.taskId,
      attempt: award.attempt,
      agentId: award.agentId,
      capability: award.capability,
      output: '{}',
      usage: { durationMs: 1, inputTokens: 0, outputTokens: 0, costUsd: 0, model: null },
    });
  }

  /** The auction instance's own objects, e.g. to pause its consumers in a drill. */
  instance(index = 0): INestApplicationContext {
    const app = this.instances[index];
    if (!app) throw new Error(`no auction instance ${index}`);
    return app;
  }

  taskReady(over: Partial<TaskReady> & { taskId: string; capability: string }): TaskReady {
    return {
      envelope: this.envelope(randomUUID()),
      name: 'summarize-sources',
      input: JSON.stringify({ goal: 'test', inputs: {}, params: {}, upstream: [] }),
      attempt: 1,
      excludedAgents: [],
      priority: 0,
      deadlineAt: null,
      maxWaitMs: null,
      feedback: null,
      ...over,
    };
  }

  envelope(goalId: string | null, causationId: string | null = null) {
    return { eventId: randomUUID(), occurredAt: Date.now(), goalId, causationId, producer };
  }

  events<T extends EventType>(type: T): EventMap[T][] {
    return this.seen[type] ?? [];
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.instances.map((app) => app.close()));
    await this.client.close();
    await this.db.drop();
  }

  private async startObservers(): Promise<void> {
    const record =
      <T extends EventType>(type: T) =>
      (event: EventMap[T]) => {
        ((this.seen[type] ??= []) as EventMap[T][]).push(event);
      };
    await this.client
      .consumer(`${this.prefix}observer`)
      .on('CallForProposals', record('CallForProposals'))
      .on('TaskAwarded', record('TaskAwarded'))
      .on('TaskFailed', record('TaskFailed'))
      .on('TaskWaiting', record('TaskWaiting'))
      .start();
    await this.client
      .consumer(`${this.prefix}agents`)
      .on('CallForProposals', (cfp) => this.answer(cfp))
      .on('TaskAwarded', async (award) => {
        if (this.agents.get(award.agentId)?.autoComplete) await this.complete(award);
      })
      .start();
  }

  private async answer(cfp: CallForProposals): Promise<void> {
    const bids: BidSubmitted[] = [];
    for (const [agentId, agent] of this.agents) {
      if (!agent.capabilities.includes(cfp.capability)) continue;
      if (cfp.invitedAgents.length > 0 && !cfp.invitedAgents.includes(agentId)) continue;
      const answer = agent.bidder(cfp, agentId);
      if (!answer) continue;
      bids.push({
        envelope: {
          ...this.envelope(cfp.envelope.goalId, cfp.envelope.eventId),
          producer: { service: agentId, version: '0' },
        },
        taskId: cfp.taskId,
        attempt: cfp.attempt,
        round: cfp.round,
        agentId,
        refusalReason: answer.decision === 'REFUSE' ? 'not now' : null,
        incarnation: agent.incarnation,
        ...answer,
      });
    }
    const withDuplicates = bids.flatMap((bid) => {
      this.bidsPublished += 1;
      const again = this.duplicateBidEvery > 0 && this.bidsPublished % this.duplicateBidEvery === 0;
      return again ? [bid, bid] : [bid];
    });
    if (withDuplicates.length === 0) return;
    await this.client.publisher.publishMany(
      withDuplicates.map((event) => ({ type: 'BidSubmitted' as const, event })),
    );
  }
}

/** A plain bid; cost and confidence vary so winners differ between tasks. */
export const bid = (over: Partial<Answer> = {}): Answer => ({
  decision: 'BID',
  cost: 0.05,
  estimatedDurationMs: 1_000,
  confidence: 0.8,
  load: 0.2,
  ...over,
});
