import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { agentKeyIdPattern } from '@agora/config';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** One registered public key: who may sign with it, and for which agents. */
export interface AgentKey {
  keyId: string;
  publicKey: KeyObject;
  /**
   * The agent ids the key may speak for: those that start with it (`acme.` covers
   * `acme.writer-1`). An empty prefix covers every agent: a key for the operator's own executors.
   */
  agentIdPrefix: string;
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
 * Reads a keys file: YAML or JSON, a map from key id to `{ publicKey, agentIdPrefix }`, where
 * `publicKey` is an Ed25519 public key in PEM (`-----BEGIN PUBLIC KEY-----`):
 *
 * ```yaml
 * acme-2025:
 *   agentIdPrefix: acme.
 *   publicKey: |
 *     -----BEGIN PUBLIC KEY-----
 *     MCowBQYDK2VwAyEA…
 *     -----END PUBLIC KEY-----
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
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new AgentKeysError(source, [
      'expected a map from key id to { publicKey, agentIdPrefix }',
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
      problems.push(`${where}: expected { publicKey, agentIdPrefix }`);
      continue;
    }
    const { publicKey, agentIdPrefix, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) problems.push(`${where}: unknown field ${unknown.join(', ')}`);
    if (typeof agentIdPrefix !== 'string') {
      problems.push(
        `${where}: agentIdPrefix is required, a string (the agent ids it may sign for start with it; '' for all)`,
      );
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
    if (key && typeof agentIdPrefix === 'string') {
      keys.push({ keyId, publicKey: key, agentIdPrefix });
    }
  }
  if (problems.length > 0) throw new AgentKeysError(source, problems);
  return new AgentKeyRing(keys);
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
  agentIdPrefix: string;
  /** PKCS#8 PEM: the agent's AGENT_SIGNING_KEY. Keep it secret. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
  /** The YAML to add to the services' AGENT_KEYS_FILE. */
  keysFileEntry: string;
}

/** Makes an Ed25519 key pair for agents whose ids start with `agentIdPrefix`. */
export function generateAgentKey(keyId: string, agentIdPrefix: string): GeneratedAgentKey {
  if (!agentKeyIdPattern.test(keyId)) {
    throw new Error(
      `key id '${keyId}': letters, digits, dots, dashes and underscores, at most 128`,
    );
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keysFileEntry = stringifyYaml({ [keyId]: { agentIdPrefix, publicKey: publicKeyPem } });
  return { keyId, agentIdPrefix, privateKeyPem, publicKeyPem, keysFileEntry };
}
