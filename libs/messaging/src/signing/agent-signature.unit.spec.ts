import { generateKeyPairSync } from 'node:crypto';
import type { EventMap, EventType } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { createLogger, renderMetrics } from '@agora/observability';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../errors/messaging-errors';
import { AgentKeysError, generateAgentKey, parseAgentKeys } from './agent-keys';
import {
  AgentSigner,
  ed25519PrivateKey,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signedBytes,
  signRecord,
  verifyRecord,
} from './agent-signature';
import {
  AgentSignatureCheck,
  AgentSignatureError,
  agentEventTypes,
  checkAgentSignature,
  claimedAgentOf,
} from './signature-check';

// The key of docs/protocol.md §14's example (a test key: its seed is printed there).
const acmePrivate = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGtDVfaY+jDJHIKt4N4uYEMG+/mjNjtxTV4IhmhAvXlP
-----END PRIVATE KEY-----
`;
const acmePublic = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAVeHpftRTel1j45xdS3f1PY37UROYVbTDjePe2VNYpCs=
-----END PUBLIC KEY-----
`;
const otherPrivate = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOz7xayxDfoUU++zSsb3jIGvldIAyhGEy6UALzrKb52t
-----END PRIVATE KEY-----
`;
const otherPublic = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAbKgaAaPGlJ+IzVXwGxIGJdV0bhYc41XsV0kg2ZH9DQM=
-----END PUBLIC KEY-----
`;

const indent = (pem: string) => pem.trim().replace(/^/gm, '    ');
const keysYaml = `
acme-2025:
  agentIdPrefix: acme.
  publicKey: |
${indent(acmePublic)}
other-team:
  agentIdPrefix: other.
  publicKey: |
${indent(otherPublic)}
`;
const keys = parseAgentKeys(keysYaml, 'keys.yaml');
const acme = new AgentSigner({ keyId: 'acme-2025', privateKey: acmePrivate });
const other = new AgentSigner({ keyId: 'other-team', privateKey: otherPrivate });

describe('the signed bytes and the signature (protocol §14)', () => {
  const value = Buffer.from('000000000702', 'hex');

  it('are the event type, the key id and the value, joined by newlines: the documented vector', () => {
    expect(signedBytes('TaskCompleted', 'acme-2025', value).toString('hex')).toBe(
      '5461736b436f6d706c657465640a61636d652d323032350a000000000702',
    );
    // Ed25519 is deterministic: another language's signer must produce exactly this.
    expect(signRecord('TaskCompleted', 'acme-2025', value, ed25519PrivateKey(acmePrivate))).toBe(
      '42IZtT36dlkLxBNTgNCpb55KjbKK/mbA5pIOQy0l8GTGdwq2nmlqpZzMBMckyQt7C7v42WBobwsHZAioOVwXCQ==',
    );
  });

  it('verifies only the same type, key id and bytes', () => {
    const { [SIGNATURE_HEADER]: signature } = acme.headers('TaskCompleted', value);
    const pub = keys.get('acme-2025')!.publicKey;
    expect(verifyRecord('TaskCompleted', 'acme-2025', value, signature!, pub)).toBe(true);
    const tampered = Buffer.from(value);
    tampered[5] = 0x04;
    expect(verifyRecord('TaskCompleted', 'acme-2025', tampered, signature!, pub)).toBe(false);
    expect(verifyRecord('TaskProgress', 'acme-2025', value, signature!, pub)).toBe(false);
    expect(verifyRecord('TaskCompleted', 'acme-2026', value, signature!, pub)).toBe(false);
    expect(
      verifyRecord(
        'TaskCompleted',
        'acme-2025',
        value,
        signature!,
        keys.get('other-team')!.publicKey,
      ),
    ).toBe(false);
    // Not base64, or not 64 bytes: false, not an exception.
    expect(verifyRecord('TaskCompleted', 'acme-2025', value, '%%%', pub)).toBe(false);
    expect(verifyRecord('TaskCompleted', 'acme-2025', value, signature!.slice(4), pub)).toBe(false);
  });

  it('refuses a newline in the event type or key id, and keys that are not Ed25519 private keys', () => {
    expect(() => signedBytes('TaskCompleted', 'a\nb', value)).toThrow(/newline/);
    expect(() => new AgentSigner({ keyId: 'a b', privateKey: acmePrivate })).toThrow(
      "signing key id 'a b'",
    );
    expect(() => ed25519PrivateKey(acmePublic)).toThrow(/not a private key in PEM/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => ed25519PrivateKey(rsa)).toThrow('expected an Ed25519 key, got rsa');
    // A PEM stored on one line with \n escapes, as some secret stores hand it over.
    expect(ed25519PrivateKey(acmePrivate.replace(/\n/g, '\\n')).asymmetricKeyType).toBe('ed25519');
  });
});

function progress(agentId: string): EventMap['TaskProgress'] {
  return { ...sampleEvent('TaskProgress'), agentId };
}

function failed(agentId: string | null, service: string): EventMap['TaskFailed'] {
  const e = sampleEvent('TaskFailed');
  return { ...e, agentId, envelope: { ...e.envelope, producer: { service, version: '1' } } };
}

const bytes = Buffer.from('00000000070a0b0c', 'hex');

function verdict(
  type: EventType,
  event: EventMap[EventType],
  headers: Record<string, string>,
  value = bytes,
) {
  return checkAgentSignature({ type, event, value, headers, keys });
}

describe('which events are an agent speaking', () => {
  it('are the agent topics of the catalog whose events name an agent', () => {
    expect(agentEventTypes).toEqual(
      expect.arrayContaining([
        'BidSubmitted',
        'TaskProgress',
        'TaskCompleted',
        'TaskFailed',
        'AgentHeartbeat',
      ]),
    );
    for (const type of ['TaskAwarded', 'TaskEvaluated', 'AgentReputation', 'DeadLetter'] as const) {
      expect(agentEventTypes).not.toContain(type);
    }
  });

  it("leaves the platform's own failures (checked as the service's) and failures naming no agent", () => {
    expect(claimedAgentOf('TaskFailed', failed('acme.w-1', 'auction'))).toBeNull();
    expect(claimedAgentOf('TaskFailed', failed('acme.w-1', 'planner'))).toBeNull();
    expect(claimedAgentOf('TaskFailed', failed(null, 'acme.w-1'))).toBeNull();
    expect(claimedAgentOf('TaskFailed', failed('acme.w-1', 'acme.w-1'))).toBe('acme.w-1');
    // A producer name is no way out for the events only agents write.
    const bid = sampleEvent('BidSubmitted');
    const asAuction = {
      ...bid,
      agentId: 'acme.w-1',
      envelope: { ...bid.envelope, producer: { service: 'auction', version: '1' } },
    };
    expect(claimedAgentOf('BidSubmitted', asAuction)).toBe('acme.w-1');
    expect(claimedAgentOf('TaskAwarded', sampleEvent('TaskAwarded'))).toBeNull();
  });
});

describe('checkAgentSignature', () => {
  it('accepts a signature by a registered key whose prefix the agent id starts with', () => {
    const headers = acme.headers('TaskProgress', bytes);
    expect(verdict('TaskProgress', progress('acme.writer-1'), headers)).toEqual({
      ok: true,
      agentId: 'acme.writer-1',
      keyId: 'acme-2025',
    });
  });

  it('names the reason of each refusal', () => {
    const event = progress('acme.writer-1');
    expect(verdict('TaskProgress', event, {})).toMatchObject({
      ok: false,
      reason: 'unsigned',
      agentId: 'acme.writer-1',
      keyId: null,
    });
    expect(verdict('TaskProgress', event, { [KEY_ID_HEADER]: 'acme-2025' })).toMatchObject({
      ok: false,
      reason: 'unsigned',
      keyId: 'acme-2025',
    });
    const unknown = new AgentSigner({ keyId: 'nobody', privateKey: acmePrivate });
    expect(verdict('TaskProgress', event, unknown.headers('TaskProgress', bytes))).toMatchObject({
      ok: false,
      reason: 'unknown_key',
      detail: 'key nobody is not registered',
    });
    // Other bytes than those signed, or a signature made for another event type.
    expect(
      verdict(
        'TaskProgress',
        event,
        acme.headers('TaskProgress', Buffer.from('0000000007', 'hex')),
      ),
    ).toMatchObject({ ok: false, reason: 'bad_signature', keyId: 'acme-2025' });
    expect(verdict('TaskProgress', event, acme.headers('TaskCompleted', bytes))).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    // The other team's valid signature, for an agent id outside its prefix.
    expect(verdict('TaskProgress', event, other.headers('TaskProgress', bytes))).toMatchObject({
      ok: false,
      reason: 'wrong_prefix',
      keyId: 'other-team',
      detail: "key other-team signs only for agents whose id starts with 'other.'",
    });
    // Another key's signature under this key's id.
    expect(
      verdict('TaskProgress', event, {
        [KEY_ID_HEADER]: 'acme-2025',
        [SIGNATURE_HEADER]: other.headers('TaskProgress', bytes)[SIGNATURE_HEADER]!,
      }),
    ).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('does not check what is not an agent speaking', () => {
    expect(verdict('TaskAwarded', sampleEvent('TaskAwarded'), {})).toMatchObject({ ok: true });
  });
});

describe('AgentSignatureCheck', () => {
  const logger = createLogger('signature-test', 'silent');

  async function failures(service: string, reason: string): Promise<number> {
    const { body } = await renderMetrics();
    const line = body
      .split('\n')
      .find(
        (l) =>
          l.startsWith('agora_agent_signature_failures_total{') &&
          l.includes(`service="${service}"`) &&
          l.includes(`reason="${reason}"`),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  }

  it('under require: throws a fatal AgentSignatureError naming the agent, key and reason, and counts it', async () => {
    const check = new AgentSignatureCheck({ mode: 'require', keys }, 'svc-require', logger);
    const event = progress('acme.writer-1');
    let error: unknown;
    try {
      check.check('TaskProgress', event, bytes, other.headers('TaskProgress', bytes));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentSignatureError);
    expect(classifyError(error)).toBe('fatal');
    expect((error as Error).message).toBe(
      'TaskProgress refused: it claims agent acme.writer-1, signed with key other-team: ' +
        "key other-team signs only for agents whose id starts with 'other.' [wrong_prefix]",
    );
    expect(() => check.check('TaskProgress', event, bytes, {})).toThrow(
      'TaskProgress refused: it claims agent acme.writer-1, signed by no key: no signature',
    );
    expect(await failures('svc-require', 'wrong_prefix')).toBe(1);
    expect(await failures('svc-require', 'unsigned')).toBe(1);
    // A good one passes.
    check.check('TaskProgress', event, bytes, acme.headers('TaskProgress', bytes));
  });

  it('under verify: accepts, counts and logs', async () => {
    const check = new AgentSignatureCheck({ mode: 'verify', keys }, 'svc-verify', logger);
    check.check('TaskProgress', progress('acme.writer-1'), bytes, {});
    check.check('TaskProgress', progress('acme.writer-1'), bytes, {});
    expect(await failures('svc-verify', 'unsigned')).toBe(2);
  });
});

describe('parseAgentKeys', () => {
  const problems = (text: string): string[] => {
    try {
      parseAgentKeys(text, 'keys.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(AgentKeysError);
      return [...(error as AgentKeysError).problems];
    }
    return [];
  };

  it('reads YAML and JSON', () => {
    expect(keys.ids).toEqual(['acme-2025', 'other-team']);
    const json = JSON.stringify({ 'acme-2025': { agentIdPrefix: '', publicKey: acmePublic } });
    expect(parseAgentKeys(json, 'keys.json').get('acme-2025')?.agentIdPrefix).toBe('');
  });

  it('names each key that is wrong, and why', () => {
    const rsaPublic = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const text = JSON.stringify({
      'no-prefix': { publicKey: acmePublic },
      'not-pem': { agentIdPrefix: 'a.', publicKey: 'hello' },
      leaked: { agentIdPrefix: 'a.', publicKey: acmePrivate },
      rsa: { agentIdPrefix: 'a.', publicKey: rsaPublic },
      typo: { agentIdPrefix: 'a.', publicKey: acmePublic, agentPrefix: 'a.' },
      'bad id': { agentIdPrefix: 'a.', publicKey: acmePublic },
      'fine-one': { agentIdPrefix: 'a.', publicKey: acmePublic },
    });
    const found = problems(text);
    expect(found).toHaveLength(6);
    expect(found[0]).toMatch(/^key no-prefix: agentIdPrefix is required/);
    expect(found[1]).toMatch(/^key not-pem: publicKey is not a public key in PEM/);
    expect(found[2]).toBe('key leaked: publicKey is a private key: register the public half only');
    expect(found[3]).toBe('key rsa: publicKey is rsa, not Ed25519');
    expect(found[4]).toBe('key typo: unknown field agentPrefix');
    expect(found[5]).toMatch(/^key bad id: a key id is letters/);
    expect(problems('- a\n- b')).toEqual([
      'expected a map from key id to { publicKey, agentIdPrefix } or { publicKey, services }',
    ]);
    expect(problems('a: [')[0]).toMatch(/^not YAML or JSON/);
    expect(() => parseAgentKeys('a: [', 'keys.yaml')).toThrow(/^keys\.yaml: not YAML or JSON/);
  });

  it('reads what generateAgentKey prints, and the pair signs and verifies', () => {
    const made = generateAgentKey('acme-2026', 'acme.');
    const ring = parseAgentKeys(made.keysFileEntry, 'generated');
    expect(ring.get('acme-2026')?.agentIdPrefix).toBe('acme.');
    const signer = new AgentSigner({ keyId: 'acme-2026', privateKey: made.privateKeyPem });
    const headers = signer.headers('AgentHeartbeat', bytes);
    const heartbeat = { ...sampleEvent('AgentHeartbeat'), agentId: 'acme.writer-1' };
    expect(
      checkAgentSignature({
        type: 'AgentHeartbeat',
        event: heartbeat,
        value: bytes,
        headers,
        keys: ring,
      }),
    ).toMatchObject({ ok: true, keyId: 'acme-2026' });
    expect(() => generateAgentKey('no spaces', 'x')).toThrow("key id 'no spaces'");
  });
});
