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
      throw new CliError(
        `cannot reach the schema registry at ${env.SCHEMA_REGISTRY_URL} (${message}).\n` +
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

/** GET/POST JSON against a service's REST API, with an error that names the service and URL. */
export async function httpJson<T>(service: string, url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { 'content-type': 'application/json', ...init?.headers },
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the ${service} at ${url} (${error instanceof Error ? error.message : String(error)}).\n` +
        'Is it running? `npm start` runs every service.',
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
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason =
      typeof cause?.code === 'string'
        ? cause.code
        : typeof cause?.message === 'string'
          ? cause.message
          : error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs / 1000} s`
            : error instanceof Error
              ? error.message
              : String(error);
    return { answered: false, reason };
  }
}

/** How to start the services, for messages about one that does not answer. */
export const startServicesHint =
  'Start the services with `npm start -- --no-goal` (they run until Ctrl-C)';
