import { ConfigError } from '@agora/config';
import {
  MessagingClient,
  messagingOptionsFromEnv,
  TopicsMissingError,
  type MessagingOptions,
} from '@agora/messaging';
import { createLogger } from '@agora/observability';
import type { EventType } from '@agora/contracts';
import { CliError, type CliEnv } from './cli-config';

/**
 * A messaging client for the CLI. Failures to reach Kafka or the registry become one clear line
 * that says what to check, instead of kafkajs's retry log.
 */
export async function connectMessaging(
  env: CliEnv,
  types: readonly EventType[],
  consumer?: MessagingOptions['consumer'],
): Promise<MessagingClient> {
  let options: MessagingOptions;
  try {
    options = messagingOptionsFromEnv(env, {
      service: 'cli',
      version: process.env.AGORA_VERSION ?? '0.0.0',
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const client = new MessagingClient(
    {
      ...options,
      kafka: { ...options.kafka, connectionTimeoutMs: 3_000 },
      // The CLI never creates topics: a missing one means the services have not run yet.
      topics: { prefix: env.KAFKA_TOPIC_PREFIX, create: false },
      consumer: consumer ?? {},
    },
    createLogger('cli', 'silent'),
  );
  try {
    await client.connect(types, { requireTopics: true });
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof TopicsMissingError) throw new CliError(error.message);
    const message = error instanceof Error ? error.message : String(error);
    if (/schema registry|ECONNREFUSED.*8081|fetch failed|registry/i.test(message)) {
      // The registry client words a refused connection as "…, status 400: connect ECONNREFUSED
      // 127.0.0.1:1", as if the registry had answered; the connection's code is what happened.
      const code = /\bE[A-Z_]{3,}\b/.exec(message)?.[0];
      throw new CliError(
        `cannot reach the schema registry at ${env.SCHEMA_REGISTRY_URL} (${code ?? message}).\n` +
          'Is the stack running? Start it with `npm run stack:up`, or set SCHEMA_REGISTRY_URL.',
      );
    }
    throw new CliError(
      `cannot reach Kafka at ${env.KAFKA_BROKERS.join(',')} (${message}).\n` +
        'Is the stack running? Start it with `npm run stack:up`, or set KAFKA_BROKERS.',
    );
  }
}

/**
 * Who is at the keyboard, for the planner's record of a change or a decision (`x-agora-user`):
 * the login name, when the shell has one.
 */
export function userHeader(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return env.USER ? { 'x-agora-user': env.USER } : {};
}

/** The CLI's REST peers, each with the setting that says where it is. */
const serviceUrlSettings = {
  planner: 'PLANNER_URL',
  auction: 'AUCTION_URL',
  memory: 'MEMORY_URL',
} as const;

/**
 * GET/POST JSON against a service's REST API. When the service does not answer, the error names
 * it, its URL, why (ECONNREFUSED, a timeout) and how to start it or point the CLI elsewhere.
 */
export async function httpJson<T>(
  service: keyof typeof serviceUrlSettings,
  url: string,
  init?: RequestInit,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { 'content-type': 'application/json', ...init?.headers },
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the ${service} at ${url} (${failureReason(error)}).\n` +
        `${startServicesHint}, or set ${serviceUrlSettings[service]}.`,
    );
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const detail = (body as { message?: unknown } | undefined)?.message ?? res.statusText;
    throw new CliError(`${service} answered ${res.status}: ${JSON.stringify(detail)}`);
  }
  return body as T;
}

/** A GET that tells "not answering" apart from an answer, whatever its status. */
export type Probe =
  { answered: true; status: number; body: unknown } | { answered: false; reason: string };

/** GETs a URL, giving up after `timeoutMs`. Never throws. */
export async function probe(url: string, timeoutMs = 5_000): Promise<Probe> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = await res.json().catch(() => undefined);
    return { answered: true, status: res.status, body };
  } catch (error) {
    return { answered: false, reason: failureReason(error, timeoutMs) };
  }
}

/**
 * Why a fetch got no answer, as a person reads it: the connection's error code (ECONNREFUSED,
 * ENOTFOUND) rather than fetch's own "fetch failed".
 */
function failureReason(error: unknown, timeoutMs?: number): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  if (error instanceof Error && error.name === 'TimeoutError' && timeoutMs !== undefined) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** How to start the services, for messages about one that does not answer. */
export const startServicesHint =
  'Start the services with `npm start -- --no-goal` (they run until Ctrl-C)';
