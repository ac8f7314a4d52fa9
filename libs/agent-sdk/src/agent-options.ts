import {
  capabilityNamePattern,
  type CallForProposals,
  type MemoryHit,
  type TaskInput,
  type TaskOutput,
  type Visibility,
} from '@agora/contracts';
import { AgentSigner, type AgentSigningKey, type MessagingOptions } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { z } from 'zod';

/** What an agent offers for one call: its price, how long it expects to take, how sure it is. */
export interface BidOffer {
  /** Price of the task in US dollars (≥ 0). */
  costUsd: number;
  /** Expected duration in milliseconds (≥ 0). */
  etaMs: number;
  /** How likely the result is to be accepted, 0 to 1. */
  confidence: number;
}

/** An awarded attempt, as `run` receives it. */
export interface AwardedTask {
  taskId: string;
  attempt: number;
  /** The goal the task belongs to. */
  goalId: string | null;
  capability: string;
  /** The workflow step's name. */
  taskName: string;
  /** What to do: the goal, its inputs, the step's params and the upstream outputs. */
  input: TaskInput;
  /** The evaluator's feedback on a rejected earlier attempt, when this is a retry. */
  feedback: string | null;
  /** The output kind the step must produce, when the step declares one. */
  outputKind: string | undefined;
}

/** Options of one memory search; the query is the first argument. */
export interface MemorySearchOptions {
  /** Most hits, best first. @default 5 */
  k?: number;
  /** Only items of these kinds (goal, task_result, evaluation, knowledge). @default [] (every kind) */
  kinds?: string[];
  /** Only items of the task's goal plus knowledge. @default false (everything) */
  thisGoalOnly?: boolean;
  /**
   * Narrows what the search may return below what the step may quote (its `params.quote`); it
   * can never widen it. @default what the step may quote, internal when it does not say
   */
  maxVisibility?: Visibility;
  /** Hits scoring below this (0..1) are left out. @default memory's MEMORY_MIN_SCORE */
  minScore?: number;
}

/** What `run` may use while it works. */
export interface TaskContext {
  /**
   * Aborted when the attempt must stop: cancelled (the goal was cancelled, or another agent's
   * failure ended it), the lease was lost, the task timed out, or the agent is draining and the
   * drain timeout passed. `signal.reason` is one of {@link AbortReason}.
   */
  signal: AbortSignal;
  /** Reports progress (0..1) with an optional message; renews the lease too. */
  progress(fraction: number, message?: string): void;
  /** The memory service, asked over Kafka. */
  memory: { search(query: string, options?: MemorySearchOptions): Promise<MemoryHit[]> };
  /** A logger bound to this attempt. */
  logger: Logger;
}

/** Why an attempt was stopped before it finished. */
export type AbortReason = 'cancelled' | 'lease-lost' | 'timeout' | 'drain';

export interface AgentOptions {
  /** The agent's id, unique across the swarm (e.g. `acme.translator-1`). */
  id: string;
  /** The capabilities it bids for: any lower-case name (`translate`, `web.search`). */
  capabilities: readonly string[];
  /** Tasks it works on at once; calls beyond that are refused. @default 1 */
  capacity?: number;
  /**
   * Prices a call it may take (capability declared, invited or open, a free slot, not draining).
   * Return undefined to decline; the auction then hears a refusal. May be async.
   */
  bid: (call: CallForProposals) => BidOffer | undefined | Promise<BidOffer | undefined>;
  /**
   * Does an awarded task and returns its output. A thrown error ends the attempt with TaskFailed
   * (its message as the reason; retriable unless it is a {@link TaskError} saying otherwise).
   */
  run: (task: AwardedTask, ctx: TaskContext) => Promise<TaskOutput>;
  /**
   * How to reach Kafka and the registry.
   * @default from the environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_TOPIC_PREFIX,
   *   KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*, SCHEMA_REGISTRY_USERNAME/PASSWORD
   */
  connection?: MessagingOptions;
  /** Environment the default connection is read from. @default process.env */
  env?: Record<string, string | undefined>;
  /**
   * The Ed25519 key the agent signs every event it publishes with, and the id the operator
   * registered its public half under (`agora agents keygen`); services running with
   * AGENT_SIGNATURES=require refuse agent events that are not signed by a key whose prefix the
   * agent's id starts with. `privateKey` is PKCS#8 PEM text or a KeyObject.
   * @default from the environment: AGENT_SIGNING_KEY (or AGENT_SIGNING_KEY_FILE) and AGENT_KEY_ID;
   *   unsigned when they are not set
   */
  signingKey?: AgentSigningKey;
  /**
   * The Kafka principal the agent runs as: its grants (schemas/topics.yaml) are checked before
   * anything is sent, and its consumer groups are named `agora.<principal>.<id>.<run>`.
   * @default 'executor'
   */
  principal?: string;
  /** Version stamped on every event. @default '0.1.0' (the SDK's) */
  version?: string;
  /** Heartbeat period; the roster drops the agent after three missed. @default 2000 */
  heartbeatIntervalMs?: number;
  /** Lease renewal period (shortened to a third of the lease when that is shorter). @default 5000 */
  leaseRenewMs?: number;
  /** An attempt still running after this long is stopped and fails with `timeout`. @default 120000 */
  taskTimeoutMs?: number;
  /** How long {@link Agent.drain} waits for running tasks before releasing them. @default 30000 */
  drainTimeoutMs?: number;
  /** How long a memory search waits for its answer. @default 10000 */
  memoryTimeoutMs?: number;
  /** Price announced in heartbeats, for dashboards. @default null */
  costPerTaskUsd?: number | null;
  /**
   * Check `run`'s output against the output kind's schema (the contracts' registry) before
   * publishing; an invalid one fails the attempt, not retriable, naming the field.
   * @default true
   */
  validateOutput?: boolean;
  /** On SIGTERM or SIGINT, drain, go OFFLINE and exit the process with code 0. @default false */
  drainOnSignals?: boolean;
  /** Where the agent logs. @default a pino logger at LOG_LEVEL (info) named after the agent */
  logger?: Logger;
}

/** Options with every default applied. */
export type ResolvedAgentOptions = Required<
  Omit<AgentOptions, 'connection' | 'env' | 'logger' | 'signingKey'>
> & {
  connection: MessagingOptions | undefined;
  env: Record<string, string | undefined>;
  logger: Logger | undefined;
  signingKey: AgentSigningKey | undefined;
};

const positiveInt = z.number().int().positive();

const optionsSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
    error: 'letters, digits, dots, dashes and underscores, at most 128',
  }),
  capabilities: z
    .array(
      z.string().regex(capabilityNamePattern, {
        error: 'lower-case words joined by dashes or dots, e.g. translate',
      }),
    )
    .min(1, { error: 'name at least one capability' }),
  capacity: positiveInt.default(1),
  principal: z.string().min(1).default('executor'),
  version: z.string().min(1).default('0.1.0'),
  heartbeatIntervalMs: positiveInt.default(2_000),
  leaseRenewMs: positiveInt.default(5_000),
  taskTimeoutMs: positiveInt.default(120_000),
  drainTimeoutMs: z.number().int().nonnegative().default(30_000),
  memoryTimeoutMs: positiveInt.default(10_000),
  costPerTaskUsd: z.number().nonnegative().nullable().default(null),
  validateOutput: z.boolean().default(true),
  drainOnSignals: z.boolean().default(false),
});

/** The options were invalid; the message names every bad option. */
export class AgentOptionsError extends Error {
  constructor(readonly problems: readonly { option: string; message: string }[]) {
    super(
      `invalid agent options:\n${problems.map((p) => `  - ${p.option}: ${p.message}`).join('\n')}`,
    );
    this.name = 'AgentOptionsError';
  }
}

/** Applies the defaults and checks every option once; throws {@link AgentOptionsError}. */
export function resolveAgentOptions(options: AgentOptions): ResolvedAgentOptions {
  const { bid, run, connection, env, logger, signingKey, ...plain } = options;
  const problems: { option: string; message: string }[] = [];
  if (typeof bid !== 'function') problems.push({ option: 'bid', message: 'must be a function' });
  if (typeof run !== 'function') problems.push({ option: 'run', message: 'must be a function' });
  if (signingKey !== undefined) {
    try {
      new AgentSigner(signingKey);
    } catch (error) {
      problems.push({
        option: 'signingKey',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const parsed = optionsSchema.safeParse(plain);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ option: issue.path.join('.') || '(options)', message: issue.message });
    }
  }
  if (problems.length > 0 || !parsed.success) throw new AgentOptionsError(problems);
  return {
    ...parsed.data,
    bid,
    run,
    connection,
    env: env ?? process.env,
    logger,
    signingKey,
  };
}

/** Checks an offer against BidSubmitted's bounds; the problems, or none. */
export function offerProblems(offer: BidOffer): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(offer.costUsd) || offer.costUsd < 0) {
    problems.push("'costUsd' must be a number ≥ 0");
  }
  if (!Number.isFinite(offer.etaMs) || offer.etaMs < 0) {
    problems.push("'etaMs' must be a number ≥ 0");
  }
  if (!Number.isFinite(offer.confidence) || offer.confidence < 0 || offer.confidence > 1) {
    problems.push("'confidence' must be between 0 and 1");
  }
  return problems;
}

/**
 * A failure `run` can throw to say whether another attempt could succeed: false when the input
 * itself is the problem. A plain Error counts as retriable.
 */
export class TaskError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaskError';
  }
}
