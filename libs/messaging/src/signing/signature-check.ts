import {
  eventSchemas,
  eventTypes,
  principalCatalog,
  topicCatalog,
  type EventMap,
  type EventType,
} from '@agora/contracts';
import { counter, type Logger } from '@agora/observability';
import { FatalError } from '../errors/messaging-errors';
import type { AgentKeyRing } from './agent-keys';
import { KEY_ID_HEADER, SIGNATURE_HEADER, verifyRecord } from './agent-signature';

/**
 * What a service does with agents' signatures: `off` checks nothing; `verify` checks, logs and
 * counts failures but accepts the event (to roll signing out without refusing anyone);
 * `require` dead-letters every agent event that fails.
 */
export type AgentSignatureMode = 'off' | 'verify' | 'require';

/** Why an agent event failed the check; a label of the failures metric. */
export type SignatureFailureReason = 'unsigned' | 'unknown_key' | 'bad_signature' | 'wrong_prefix';

/** Checking settings of a messaging client. */
export interface AgentSignatureOptions {
  /** @default 'off' */
  mode: AgentSignatureMode;
  /** The registered public keys. */
  keys: AgentKeyRing;
}

/** Principals that may bid: the catalog's agents (`executor`, and any team principal like it). */
const agentPrincipals = new Set<string>(topicCatalog.BidSubmitted.producers);

/** Fields of an event type's record, from its Avro schema. */
function fieldNames(type: EventType): string[] {
  const fields = (eventSchemas[type] as { fields?: { name: string }[] }).fields ?? [];
  return fields.map((f) => f.name);
}

/**
 * The agent events: those an agent principal may write that name an agent (`agentId`), taken from
 * the catalog, so a new agent topic is covered the day it is added. Today BidSubmitted,
 * TaskProgress, TaskCompleted, TaskFailed and AgentHeartbeat (and the task journal).
 */
export const agentEventTypes: readonly EventType[] = eventTypes.filter(
  (type) =>
    (topicCatalog[type].producers as readonly string[]).some((p) => agentPrincipals.has(p)) &&
    fieldNames(type).includes('agentId'),
);

/**
 * Services that write an agent event type too: the auction's and the planner's TaskFailed
 * (`lease_expired`, `released`, `unallocatable`, `wait_exceeded`, `cancelled`). Services do not
 * sign, so their events are told apart by `envelope.producer.service`, which is not bound to
 * anything: a limit stated in the README.
 */
function platformWriters(type: EventType): Set<string> {
  return new Set(
    (topicCatalog[type].producers as readonly string[]).filter(
      (p) =>
        !agentPrincipals.has(p) &&
        (principalCatalog as Record<string, { kind: string }>)[p]?.kind === 'service',
    ),
  );
}

const platformWritersByType = new Map(agentEventTypes.map((t) => [t, platformWriters(t)]));

/**
 * The agent an event speaks for, when it is an agent event the check applies to; null for other
 * event types, for events of the platform's services, and for events that name no agent.
 */
export function claimedAgentOf(type: EventType, event: EventMap[EventType]): string | null {
  const platform = platformWritersByType.get(type);
  if (!platform) return null;
  if (platform.has(event.envelope.producer.service)) return null;
  const agentId = (event as { agentId?: unknown }).agentId;
  return typeof agentId === 'string' && agentId.length > 0 ? agentId : null;
}

/** The outcome of checking one record. */
export type SignatureVerdict =
  | { ok: true; agentId: string | null; keyId?: string }
  | {
      ok: false;
      agentId: string;
      keyId: string | null;
      reason: SignatureFailureReason;
      detail: string;
    };

/**
 * Checks one record's signature against the registered keys: the event names an agent, the
 * record carries a key id the keys file knows and that key's valid signature of its bytes, and
 * the agent's id starts with the key's prefix. Pure: no logging, no metric.
 */
export function checkAgentSignature(input: {
  type: EventType;
  event: EventMap[EventType];
  value: Buffer;
  headers: Readonly<Record<string, string>>;
  keys: AgentKeyRing;
}): SignatureVerdict {
  const { type, event, value, headers, keys } = input;
  const agentId = claimedAgentOf(type, event);
  if (agentId === null) return { ok: true, agentId: null };
  const keyId = headers[KEY_ID_HEADER] ?? null;
  const signature = headers[SIGNATURE_HEADER];
  const fail = (reason: SignatureFailureReason, detail: string): SignatureVerdict => ({
    ok: false,
    agentId,
    keyId,
    reason,
    detail,
  });
  if (keyId === null || signature === undefined) {
    return fail(
      'unsigned',
      `no signature (headers ${KEY_ID_HEADER} and ${SIGNATURE_HEADER} ${keyId === null ? 'missing' : 'incomplete'})`,
    );
  }
  const key = keys.get(keyId);
  if (!key) return fail('unknown_key', `key ${keyId} is not registered`);
  if (!verifyRecord(type, keyId, value, signature, key.publicKey)) {
    return fail('bad_signature', `the signature is not key ${keyId}'s signature of these bytes`);
  }
  if (!agentId.startsWith(key.agentIdPrefix)) {
    return fail(
      'wrong_prefix',
      `key ${keyId} signs only for agents whose id starts with '${key.agentIdPrefix}'`,
    );
  }
  return { ok: true, agentId, keyId };
}

/** An agent event whose signature failed under AGENT_SIGNATURES=require: dead-lettered, not retried. */
export class AgentSignatureError extends FatalError {
  constructor(
    readonly eventType: EventType,
    readonly agentId: string,
    readonly keyId: string | null,
    readonly reason: SignatureFailureReason,
    detail: string,
  ) {
    super(
      `${eventType} refused: it claims agent ${agentId}, ` +
        `${keyId === null ? 'signed by no key' : `signed with key ${keyId}`}: ${detail} [${reason}]`,
    );
    this.name = 'AgentSignatureError';
  }
}

const failures = counter(
  'agora_agent_signature_failures_total',
  'Agent events whose signature failed the check (refused under require, accepted under verify).',
  ['service', 'reason'],
);

/** How often the same failure (agent, key, reason) is logged again under `verify`. */
const LOG_AGAIN_MS = 60_000;

/** The check a consumer runs on each record of an agent event type before its handler. */
export class AgentSignatureCheck {
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly options: AgentSignatureOptions,
    private readonly service: string,
    private readonly logger: Logger,
  ) {}

  get mode(): AgentSignatureMode {
    return this.options.mode;
  }

  /**
   * Checks one decoded record. Under `require` a failure throws {@link AgentSignatureError}
   * (fatal: the consumer dead-letters the record); under `verify` it is logged and counted, and
   * the event is handled as usual.
   */
  check(
    type: EventType,
    event: EventMap[EventType],
    value: Buffer | null,
    headers: Readonly<Record<string, string>>,
  ): void {
    if (this.options.mode === 'off' || value === null) return;
    const verdict = checkAgentSignature({ type, event, value, headers, keys: this.options.keys });
    if (verdict.ok) return;
    failures.inc({ service: this.service, reason: verdict.reason });
    const error = new AgentSignatureError(
      type,
      verdict.agentId,
      verdict.keyId,
      verdict.reason,
      verdict.detail,
    );
    if (this.options.mode === 'require') throw error;
    const key = `${verdict.agentId}\n${verdict.keyId ?? ''}\n${verdict.reason}`;
    const now = Date.now();
    if (now - (this.lastLogged.get(key) ?? 0) < LOG_AGAIN_MS) return;
    if (this.lastLogged.size > 10_000) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    this.logger.warn(
      {
        event: type,
        agentId: verdict.agentId,
        keyId: verdict.keyId,
        reason: verdict.reason,
        eventId: event.envelope.eventId,
      },
      `${error.message} (accepted: AGENT_SIGNATURES=verify)`,
    );
  }
}
