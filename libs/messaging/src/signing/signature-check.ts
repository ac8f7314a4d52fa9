import type { EventMap, EventType } from '@agora/contracts';
import { counter, type Logger } from '@agora/observability';
import { FatalError } from '../errors/messaging-errors';
import { agentEventTypes, platformWritersOf } from './agent-events';
import type { AgentKey, AgentKeyRing } from './agent-keys';
import { KEY_ID_HEADER, SIGNATURE_HEADER, verifyRecord } from './agent-signature';

export { agentEventTypes } from './agent-events';

/**
 * What a service does with agents' signatures: `off` checks nothing; `verify` checks, logs and
 * counts failures but accepts the event (to roll signing out without refusing anyone);
 * `require` dead-letters every agent event that fails.
 */
export type AgentSignatureMode = 'off' | 'verify' | 'require';

/**
 * Why an agent event failed the check; a label of the failures metric. `wrong_prefix`: the key
 * does not speak for the agent named; `wrong_service`: an event claiming a service's producer is
 * not signed by a platform key of that service; `anonymous`: it names no agent and claims no
 * service that writes it, so no key can speak for it.
 */
export type SignatureFailureReason =
  'unsigned' | 'unknown_key' | 'bad_signature' | 'wrong_prefix' | 'wrong_service' | 'anonymous';

/** Checking settings of a messaging client. */
export interface AgentSignatureOptions {
  /** @default 'off' */
  mode: AgentSignatureMode;
  /** The registered public keys. */
  keys: AgentKeyRing;
}

const agentTypes = new Set<EventType>(agentEventTypes);

/**
 * Who an agent event speaks for: a service that writes that type too (its
 * `envelope.producer.service` is `auction` or `planner`), else the agent it names, else nobody
 * (`anonymous`, with the producer it gave); null for other event types.
 */
export type Speaker = { service: string } | { agentId: string } | { anonymous: string };

export function speakerOf(type: EventType, event: EventMap[EventType]): Speaker | null {
  if (!agentTypes.has(type)) return null;
  const service = event.envelope.producer.service;
  if (platformWritersOf(type).has(service)) return { service };
  const agentId = (event as { agentId?: unknown }).agentId;
  return typeof agentId === 'string' && agentId.length > 0 ? { agentId } : { anonymous: service };
}

/**
 * The agent an event speaks for, when it is an agent event that names one; null for other
 * event types, for the events a platform service claims, and for events that name no agent.
 */
export function claimedAgentOf(type: EventType, event: EventMap[EventType]): string | null {
  const speaker = speakerOf(type, event);
  return speaker && 'agentId' in speaker ? speaker.agentId : null;
}

/** The outcome of checking one record. */
export type SignatureVerdict =
  | { ok: true; agentId: string | null; service?: string; keyId?: string }
  | {
      ok: false;
      /** The agent named, or null when the event claims a service. */
      agentId: string | null;
      /** The service claimed (`envelope.producer.service`), when it is a platform writer. */
      service?: string;
      keyId: string | null;
      reason: SignatureFailureReason;
      detail: string;
    };

/**
 * Checks one record's signature against the registered keys: the event names an agent or a
 * platform service, the record carries a key id the keys file knows and that key's valid
 * signature of its bytes, and the key speaks for the one named: an agent key whose prefix the
 * agent's id starts with, or a platform key of the service. Pure: no logging, no metric.
 */
export function checkAgentSignature(input: {
  type: EventType;
  event: EventMap[EventType];
  value: Buffer;
  headers: Readonly<Record<string, string>>;
  keys: AgentKeyRing;
}): SignatureVerdict {
  const { type, event, value, headers, keys } = input;
  const speaker = speakerOf(type, event);
  if (speaker === null) return { ok: true, agentId: null };
  const named =
    'service' in speaker
      ? { agentId: null, service: speaker.service }
      : 'agentId' in speaker
        ? { agentId: speaker.agentId }
        : { agentId: null };
  const keyId = headers[KEY_ID_HEADER] ?? null;
  const signature = headers[SIGNATURE_HEADER];
  const fail = (reason: SignatureFailureReason, detail: string): SignatureVerdict => ({
    ok: false,
    ...named,
    keyId,
    reason,
    detail,
  });
  // No key speaks for nobody: an agent's failure names its agent, the platform's its service.
  if ('anonymous' in speaker) {
    return fail(
      'anonymous',
      `it names no agent, and its producer ${speaker.anonymous} is not a service that writes ${type}`,
    );
  }
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
  if ('service' in speaker) {
    if (!key.services.includes(speaker.service)) {
      return fail('wrong_service', `key ${keyId} is not a platform key of ${speaker.service}`);
    }
  } else if (key.agentIdPrefix === null || !speaker.agentId.startsWith(key.agentIdPrefix)) {
    return fail('wrong_prefix', prefixProblem(key));
  }
  return { ok: true, ...named, keyId };
}

function prefixProblem(key: AgentKey): string {
  return key.agentIdPrefix === null
    ? `key ${key.keyId} is a platform key of ${key.services.join(', ')}: it signs for no agent`
    : `key ${key.keyId} signs only for agents whose id starts with '${key.agentIdPrefix}'`;
}

/** Who a refused event claimed to be, as the error message and the log say it. */
function claimOf(verdict: { agentId: string | null; service?: string }): string {
  if (verdict.agentId !== null) return `agent ${verdict.agentId}`;
  return verdict.service === undefined ? 'no agent' : `service ${verdict.service}`;
}

/**
 * An agent event (or a platform service's TaskFailed) whose signature failed under
 * AGENT_SIGNATURES=require: dead-lettered, not retried.
 */
export class AgentSignatureError extends FatalError {
  /** The service claimed, when the event claims one; else null. */
  readonly service: string | null;

  constructor(
    readonly eventType: EventType,
    /** The agent named; null when the event claims a service. */
    readonly agentId: string | null,
    readonly keyId: string | null,
    readonly reason: SignatureFailureReason,
    detail: string,
    service?: string,
  ) {
    super(
      `${eventType} refused: it claims ${claimOf({ agentId, service })}, ` +
        `${keyId === null ? 'signed by no key' : `signed with key ${keyId}`}: ${detail} [${reason}]`,
    );
    this.name = 'AgentSignatureError';
    this.service = service ?? null;
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
      verdict.service,
    );
    if (this.options.mode === 'require') throw error;
    const key = `${claimOf(verdict)}\n${verdict.keyId ?? ''}\n${verdict.reason}`;
    const now = Date.now();
    if (now - (this.lastLogged.get(key) ?? 0) < LOG_AGAIN_MS) return;
    if (this.lastLogged.size > 10_000) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    this.logger.warn(
      {
        event: type,
        agentId: verdict.agentId,
        claimedService: verdict.service,
        keyId: verdict.keyId,
        reason: verdict.reason,
        eventId: event.envelope.eventId,
      },
      `${error.message} (accepted: AGENT_SIGNATURES=verify)`,
    );
  }
}
