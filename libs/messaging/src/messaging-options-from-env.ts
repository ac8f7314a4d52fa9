import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  type AgentSigningEnv,
  type MessagingEnv,
  type ServiceEnv,
} from '@agora/config';
import type { MessagingOptions } from './messaging-options';
import { platformServices } from './signing/agent-events';
import { parseAgentKeys } from './signing/agent-keys';
import { ed25519PrivateKey, type AgentSigningKey } from './signing/agent-signature';
import type { AgentSignatureOptions } from './signing/signature-check';

/** The service keys that tune the client; a tool or the CLI without them gets the defaults. */
type TuningEnv = Partial<
  Pick<
    ServiceEnv,
    | 'NODE_ENV'
    | 'KAFKA_CREATE_TOPICS'
    | 'KAFKA_REPLICATION_FACTOR'
    | 'KAFKA_MAX_PARTITIONS'
    | 'KAFKA_CONSUMER_CONCURRENCY'
    | 'KAFKA_FETCH_MAX_WAIT_MS'
    | 'KAFKA_CONSUMER_MAX_DOWN_MS'
    | 'KAFKA_SESSION_TIMEOUT_MS'
    | 'OUTAGE_BUDGET_MS'
    | 'AVRO_MAX_BYTES'
    | 'AVRO_MAX_ENTRIES'
    | 'AVRO_MAX_DEPTH'
  >
>;

/**
 * The messaging options an environment describes: brokers, TLS (with a CA file), SASL, the
 * registry and its basic auth, the topic prefix, and the service keys that tune the client when
 * they are present. The one place env becomes options, for the services, the CLI and the tools.
 * Topics are created when KAFKA_CREATE_TOPICS says so, else outside production; the consumer
 * group is `<prefix>agora.<service>`. An agent process signs what it publishes when
 * AGENT_SIGNING_KEY (or AGENT_SIGNING_KEY_FILE) and AGENT_KEY_ID are set; a service checks agents'
 * signatures as AGENT_SIGNATURES says, against the keys of AGENT_KEYS_FILE.
 *
 * @throws ConfigError naming KAFKA_SSL_CA_FILE, AGENT_SIGNING_KEY(_FILE) or AGENT_KEYS_FILE when
 *   that file cannot be read or holds no usable key (the keys file's error names the key)
 */
export function messagingOptionsFromEnv(
  env: MessagingEnv & TuningEnv & Partial<AgentSigningEnv>,
  producer: { service: string; version: string },
): MessagingOptions {
  const signing = signingKey(env, producer.service);
  const agentSignatures = signatureChecking(env, producer.service);
  checkPlatformSigning(signing, agentSignatures, producer.service);
  return {
    ...(signing ? { signing } : {}),
    ...(agentSignatures ? { agentSignatures } : {}),
    producer,
    kafka: {
      brokers: env.KAFKA_BROKERS,
      ssl: env.KAFKA_SSL ? tls(env.KAFKA_SSL_CA_FILE, producer.service) : false,
      ...(env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
        ? {
            sasl: {
              mechanism: env.KAFKA_SASL_MECHANISM,
              username: env.KAFKA_SASL_USERNAME,
              password: env.KAFKA_SASL_PASSWORD,
            },
          }
        : {}),
    },
    registry: {
      url: env.SCHEMA_REGISTRY_URL,
      ...(env.SCHEMA_REGISTRY_USERNAME && env.SCHEMA_REGISTRY_PASSWORD
        ? {
            basicAuth: {
              username: env.SCHEMA_REGISTRY_USERNAME,
              password: env.SCHEMA_REGISTRY_PASSWORD,
            },
          }
        : {}),
    },
    topics: {
      prefix: env.KAFKA_TOPIC_PREFIX,
      create: env.KAFKA_CREATE_TOPICS ?? env.NODE_ENV !== 'production',
      replicationFactor: env.KAFKA_REPLICATION_FACTOR ?? 1,
      ...(env.KAFKA_MAX_PARTITIONS ? { maxPartitions: env.KAFKA_MAX_PARTITIONS } : {}),
    },
    consumer: {
      groupId: `${env.KAFKA_TOPIC_PREFIX}agora.${producer.service}`,
      ...defined({
        partitionsConsumedConcurrently: env.KAFKA_CONSUMER_CONCURRENCY,
        maxWaitTimeInMs: env.KAFKA_FETCH_MAX_WAIT_MS,
        maxDownMs: env.KAFKA_CONSUMER_MAX_DOWN_MS,
        sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      }),
    },
    retry: defined({ outageBudgetMs: env.OUTAGE_BUDGET_MS }),
    decode: defined({
      maxBytes: env.AVRO_MAX_BYTES,
      maxEntries: env.AVRO_MAX_ENTRIES,
      maxDepth: env.AVRO_MAX_DEPTH,
    }),
  };
}

function tls(caFile: string | undefined, service: string): true | { ca: string } {
  if (!caFile) return true;
  try {
    return { ca: readFileSync(caFile, 'utf8') };
  } catch (error) {
    throw new ConfigError(service, [
      {
        key: 'KAFKA_SSL_CA_FILE',
        message: `cannot read ${caFile} (${error instanceof Error ? error.message : String(error)})`,
      },
    ]);
  }
}

/** The signing key of an agent process, read and checked now so a bad one stops start-up. */
function signingKey(env: Partial<AgentSigningEnv>, service: string): AgentSigningKey | undefined {
  const file = env.AGENT_SIGNING_KEY_FILE;
  const key: string | undefined = file
    ? readSetting(file, 'AGENT_SIGNING_KEY_FILE', service)
    : env.AGENT_SIGNING_KEY;
  if (!key) return undefined;
  const keyName = file ? 'AGENT_SIGNING_KEY_FILE' : 'AGENT_SIGNING_KEY';
  if (!env.AGENT_KEY_ID) {
    throw new ConfigError(service, [
      {
        key: 'AGENT_KEY_ID',
        message: `required with ${keyName}: the id its public key is registered under`,
      },
    ]);
  }
  try {
    return { keyId: env.AGENT_KEY_ID, privateKey: ed25519PrivateKey(key) };
  } catch (error) {
    throw new ConfigError(service, [
      { key: keyName, message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

/** How the service checks agents' signatures; undefined when it does not. */
function signatureChecking(
  env: Partial<AgentSigningEnv>,
  service: string,
): AgentSignatureOptions | undefined {
  const mode = env.AGENT_SIGNATURES ?? 'off';
  if (mode === 'off') return undefined;
  const file = env.AGENT_KEYS_FILE;
  if (!file) {
    throw new ConfigError(service, [
      { key: 'AGENT_KEYS_FILE', message: `required when AGENT_SIGNATURES is ${mode}` },
    ]);
  }
  try {
    return { mode, keys: parseAgentKeys(readSetting(file, 'AGENT_KEYS_FILE', service), file) };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(service, [
      { key: 'AGENT_KEYS_FILE', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

/**
 * A service that writes agent events (the auction's and the planner's TaskFailed) and checks
 * signatures must sign them with a platform key of its own that the keys file holds: else the
 * services that check refuse its failures. Under `require` a missing key stops start-up; under
 * `verify` it is allowed (the failures are counted) so the keys can be rolled out one by one.
 */
function checkPlatformSigning(
  signing: AgentSigningKey | undefined,
  checking: AgentSignatureOptions | undefined,
  service: string,
): void {
  if (!checking || !platformServices.includes(service)) return;
  if (!signing) {
    if (checking.mode !== 'require') return;
    throw new ConfigError(service, [
      {
        key: 'AGENT_SIGNING_KEY',
        message:
          `required when AGENT_SIGNATURES is require: the ${service} signs its own TaskFailed ` +
          `with a platform key (services: [${service}] in AGENT_KEYS_FILE), or they are refused`,
      },
    ]);
  }
  const key = checking.keys.get(signing.keyId);
  const samePair =
    key !== undefined &&
    createPublicKey(signing.privateKey)
      .export({ type: 'spki', format: 'der' })
      .equals(key.publicKey.export({ type: 'spki', format: 'der' }));
  if (key && !samePair) {
    throw new ConfigError(service, [
      {
        key: 'AGENT_SIGNING_KEY',
        message: `is not the private half of the public key ${signing.keyId} in AGENT_KEYS_FILE`,
      },
    ]);
  }
  if (!key?.services.includes(service)) {
    throw new ConfigError(service, [
      {
        key: 'AGENT_KEY_ID',
        message:
          `${signing.keyId} is ${key ? 'not a platform key of ' + service : 'not in AGENT_KEYS_FILE'}: ` +
          `register it with services: [${service}], or the ${service}'s own TaskFailed are refused`,
      },
    ]);
  }
}

function readSetting(file: string, key: string, service: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(service, [
      {
        key,
        message: `cannot read ${file} (${error instanceof Error ? error.message : String(error)})`,
      },
    ]);
  }
}

/** The entries whose value is set, so the library's defaults apply to the others. */
function defined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
