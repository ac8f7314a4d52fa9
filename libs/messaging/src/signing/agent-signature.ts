import { createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { agentKeyIdPattern } from '@agora/config';

/*
 * Agent signatures, version 1 (docs/protocol.md §14). An agent signs each record it publishes
 * with its Ed25519 key; the signature travels in two record headers:
 *
 *   agora-key-id      the key's id, UTF-8, as the operator registered it (AGENT_KEYS_FILE)
 *   agora-signature   base64 (RFC 4648, padded) of the 64-byte Ed25519 signature
 *
 * over these bytes:
 *
 *   UTF-8(event type) 0x0A UTF-8(key id) 0x0A <the record value, byte for byte>
 *
 * The event type is the Avro record name (`TaskCompleted`); the value is what the record carries,
 * Confluent framing included (magic byte, schema id, Avro body). Signing the bytes as sent, not a
 * re-encoding of the event, needs no canonical form of Avro or JSON: a reader verifies before it
 * decodes, and any client in any language can sign what its serializer produced. The event type
 * binds the signature to one topic's schema; the key id binds it to one registered key. Neither
 * may contain a newline (key ids are letters, digits, `.`, `-`, `_`).
 */

/** Header with the id of the key that signed the record. */
export const KEY_ID_HEADER = 'agora-key-id';
/** Header with the base64 Ed25519 signature of {@link signedBytes}. */
export const SIGNATURE_HEADER = 'agora-signature';

const NEWLINE = Buffer.from([0x0a]);

/** The bytes an agent signs for one record. */
export function signedBytes(eventType: string, keyId: string, value: Buffer): Buffer {
  if (/\n/.test(eventType) || /\n/.test(keyId)) {
    throw new Error('an event type or key id with a newline cannot be signed unambiguously');
  }
  return Buffer.concat([
    Buffer.from(eventType, 'utf8'),
    NEWLINE,
    Buffer.from(keyId, 'utf8'),
    NEWLINE,
    value,
  ]);
}

/** The base64 signature of one record's value. */
export function signRecord(
  eventType: string,
  keyId: string,
  value: Buffer,
  privateKey: KeyObject,
): string {
  return sign(null, signedBytes(eventType, keyId, value), privateKey).toString('base64');
}

/** Whether `signature` (base64) is `publicKey`'s signature of the record; false when malformed. */
export function verifyRecord(
  eventType: string,
  keyId: string,
  value: Buffer,
  signature: string,
  publicKey: KeyObject,
): boolean {
  const bytes = Buffer.from(signature, 'base64');
  // Buffer.from ignores what is not base64; a signature is exactly 64 bytes.
  if (bytes.length !== 64 || bytes.toString('base64') !== signature) return false;
  try {
    return verify(null, signedBytes(eventType, keyId, value), publicKey, bytes);
  } catch {
    return false;
  }
}

/** A private key as the signing options accept it: PEM text or a key object. */
export type PrivateKeyInput = string | KeyObject;

/** An agent's signing key: the registered id and the Ed25519 private key. */
export interface AgentSigningKey {
  /** The id its public key is registered under in the services' keys file. */
  keyId: string;
  /** PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`) or a private KeyObject. */
  privateKey: PrivateKeyInput;
}

/**
 * Reads an Ed25519 private key; throws an error saying what is wrong (never the key). PEM text
 * whose line breaks were written as `\n`, as some environments store it, is accepted.
 */
export function ed25519PrivateKey(input: PrivateKeyInput): KeyObject {
  let key: KeyObject;
  if (typeof input === 'string') {
    const pem = input.includes('\n') ? input : input.replace(/\\n/g, '\n');
    try {
      key = createPrivateKey(pem);
    } catch (error) {
      throw new Error(
        `not a private key in PEM (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  } else {
    key = input;
  }
  if (key.type !== 'private') throw new Error(`expected a private key, got a ${key.type} key`);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  }
  return key;
}

/** Signs records for one key: the headers to add to each record published. */
export class AgentSigner {
  readonly keyId: string;
  private readonly key: KeyObject;

  /** @throws Error when the key id is malformed or the key is not an Ed25519 private key */
  constructor(signing: AgentSigningKey) {
    if (!agentKeyIdPattern.test(signing.keyId)) {
      throw new Error(
        `signing key id '${signing.keyId}': letters, digits, dots, dashes and underscores, at most 128`,
      );
    }
    this.keyId = signing.keyId;
    this.key = ed25519PrivateKey(signing.privateKey);
  }

  headers(eventType: string, value: Buffer): Record<string, string> {
    return {
      [KEY_ID_HEADER]: this.keyId,
      [SIGNATURE_HEADER]: signRecord(eventType, this.keyId, value, this.key),
    };
  }
}
