import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { agentKeyIdPattern } from '@agora/config';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { platformServices } from './agent-events';

/**
 * One registered public key: who may sign with it. An agent key speaks for the agents under its
 * prefix; a platform key speaks for the services it lists (their own TaskFailed), never for an
 * agent. A key is one or the other.
 */
export interface AgentKey {
  keyId: string;
  publicKey: KeyObject;
  /**
   * The agent ids the key may speak for: those that start with it (`acme.` covers
   * `acme.writer-1`). An empty prefix covers every agent: a key for the operator's own executors.
   * Null for a platform key, which speaks for no agent.
   */
  agentIdPrefix: string | null;
  /** The services a platform key speaks for (`auction`, `planner`); empty for an agent key. */
  services: readonly string[];
}

/** A keys file that cannot be used; the message names the file, the key and the problem. */
export class AgentKeysError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'AgentKeysError';
  }
}

/** The public keys the operator registered, by key id. */
export class AgentKeyRing {
  private readonly keys: ReadonlyMap<string, AgentKey>;

  constructor(keys: readonly AgentKey[]) {
    this.keys = new Map(keys.map((k) => [k.keyId, k]));
  }

  get(keyId: string): AgentKey | undefined {
    return this.keys.get(keyId);
  }

  get size(): number {
    return this.keys.size;
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }
}

/**
 * Reads a keys file: YAML or JSON, a map from key id to `{ publicKey, agentIdPrefix }` (an agent
 * key) or `{ publicKey, services }` (a platform key: the services whose own TaskFailed it signs,
 * among {@link platformServices}), where `publicKey` is an Ed25519 public key in PEM
 * (`-----BEGIN PUBLIC KEY-----`):
 *
 * ```yaml
 * acme-2025:
 *   agentIdPrefix: acme.
 *   publicKey: |
 *     -----BEGIN PUBLIC KEY-----
 *     MCowBQYDK2VwAyEA…
 *     -----END PUBLIC KEY-----
 * auction-2025:
 *   services: [auction]
 *   publicKey: |
 *     -----BEGIN PUBLIC KEY-----
 *     …
 * ```
 *
 * @param source names the file in errors
 * @throws AgentKeysError naming every key that is wrong and why
 */
export function parseAgentKeys(text: string, source: string): AgentKeyRing {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new AgentKeysError(source, [
      `not YAML or JSON (${error instanceof Error ? error.message : String(error)})`,
    ]);
  }
  // An empty file (a ConfigMap before any key is registered): no key.
  if (doc === null || doc === undefined) return new AgentKeyRing([]);
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new AgentKeysError(source, [
      'expected a map from key id to { publicKey, agentIdPrefix } or { publicKey, services }',
    ]);
  }
  const problems: string[] = [];
  const keys: AgentKey[] = [];
  for (const [keyId, entry] of Object.entries(doc as Record<string, unknown>)) {
    const where = `key ${keyId}`;
    if (!agentKeyIdPattern.test(keyId)) {
      problems.push(`${where}: a key id is letters, digits, dots, dashes and underscores`);
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where}: expected { publicKey, agentIdPrefix } or { publicKey, services }`);
      continue;
    }
    const { publicKey, agentIdPrefix, services, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) problems.push(`${where}: unknown field ${unknown.join(', ')}`);
    const platform = services === undefined ? undefined : platformKeyServices(services);
    if (platform === undefined) {
      if (typeof agentIdPrefix !== 'string') {
        problems.push(
          `${where}: agentIdPrefix is required, a string (the agent ids it may sign for start with it; '' for all), ` +
            `or services for a platform key`,
        );
      }
    } else if (agentIdPrefix !== undefined) {
      problems.push(
        `${where}: agentIdPrefix and services: a key is an agent key or a platform key, not both`,
      );
    } else if (typeof platform === 'string') {
      problems.push(`${where}: services ${platform}`);
    }
    let key: KeyObject | undefined;
    if (typeof publicKey !== 'string') {
      problems.push(`${where}: publicKey is required, an Ed25519 public key in PEM`);
    } else {
      try {
        key = ed25519PublicKey(publicKey);
      } catch (error) {
        problems.push(`${where}: publicKey ${error instanceof Error ? error.message : ''}`);
      }
    }
    if (key && platform === undefined && typeof agentIdPrefix === 'string') {
      keys.push({ keyId, publicKey: key, agentIdPrefix, services: [] });
    } else if (key && Array.isArray(platform) && agentIdPrefix === undefined) {
      keys.push({ keyId, publicKey: key, agentIdPrefix: null, services: platform });
    }
  }
  if (problems.length > 0) throw new AgentKeysError(source, problems);
  return new AgentKeyRing(keys);
}

/** The services of a platform key, or what is wrong with the list. */
function platformKeyServices(value: unknown): string[] | string {
  const known = platformServices.join(', ');
  if (!Array.isArray(value) || value.length === 0) {
    return `must be a non-empty list of the services the key signs for (${known})`;
  }
  const wrong = value.filter((s) => typeof s !== 'string' || !platformServices.includes(s));
  if (wrong.length > 0) {
    return (
      `lists ${wrong.map((s) => JSON.stringify(s)).join(', ')}: a platform key signs for ` +
      `the services that write agent events, ${known}`
    );
  }
  return [...new Set(value as string[])];
}

function ed25519PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new Error(
      `is not a public key in PEM (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  // createPublicKey derives the public half of a private key; a private key here is a leak.
  if (/PRIVATE KEY/.test(pem)) throw new Error('is a private key: register the public half only');
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`is ${key.asymmetricKeyType ?? 'an unknown type'}, not Ed25519`);
  }
  return key;
}

/** A new key pair and its keys-file entry, as `agora agents keygen` prints them. */
export interface GeneratedAgentKey {
  keyId: string;
  /** Null for a platform key. */
  agentIdPrefix: string | null;
  /** The services of a platform key; empty for an agent key. */
  services: readonly string[];
  /** PKCS#8 PEM: the agent's AGENT_SIGNING_KEY. Keep it secret. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
  /** The YAML to add to the services' AGENT_KEYS_FILE. */
  keysFileEntry: string;
}

/**
 * Makes an Ed25519 key pair for agents whose ids start with `agentIdPrefix`, or, given
 * `{ services }`, a platform key for those services (`auction`, `planner`).
 */
export function generateAgentKey(
  keyId: string,
  speaksFor: string | { services: readonly string[] },
): GeneratedAgentKey {
  if (!agentKeyIdPattern.test(keyId)) {
    throw new Error(
      `key id '${keyId}': letters, digits, dots, dashes and underscores, at most 128`,
    );
  }
  let services: string[] = [];
  if (typeof speaksFor !== 'string') {
    const checked = platformKeyServices(speaksFor.services);
    if (typeof checked === 'string') throw new Error(`services ${checked}`);
    services = checked;
  }
  const agentIdPrefix = typeof speaksFor === 'string' ? speaksFor : null;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const entry =
    agentIdPrefix === null
      ? { services, publicKey: publicKeyPem }
      : { agentIdPrefix, publicKey: publicKeyPem };
  const keysFileEntry = stringifyYaml({ [keyId]: entry });
  return { keyId, agentIdPrefix, services, privateKeyPem, publicKeyPem, keysFileEntry };
}
