import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, serviceEnvSchema } from '@agora/config';
import { describe, expect, it } from 'vitest';
import { messagingOptionsFromEnv } from '../messaging-options-from-env';
import { generateAgentKey } from './agent-keys';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://u@db/agora',
};
const producer = { service: 'auction', version: '1.2.3' };
const dir = mkdtempSync(join(tmpdir(), 'agora-agent-keys-'));
const made = generateAgentKey('acme-1', 'acme.');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The keys and messages of the ConfigError `fn` throws. */
function configProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.key}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

const load = (env: Record<string, string>) =>
  loadConfig('auction', serviceEnvSchema, { ...base, ...env });

describe('agent signing settings of a service', () => {
  it('are off by default: nothing signed, nothing checked', () => {
    const options = messagingOptionsFromEnv(load({}), producer);
    expect(options.signing).toBeUndefined();
    expect(options.agentSignatures).toBeUndefined();
  });

  it('sign with AGENT_SIGNING_KEY or the file AGENT_SIGNING_KEY_FILE, under AGENT_KEY_ID', () => {
    const inline = messagingOptionsFromEnv(
      load({ AGENT_SIGNING_KEY: made.privateKeyPem, AGENT_KEY_ID: 'acme-1' }),
      producer,
    );
    expect(inline.signing?.keyId).toBe('acme-1');
    const fromFile = messagingOptionsFromEnv(
      load({
        AGENT_SIGNING_KEY_FILE: file('acme-1.pem', made.privateKeyPem),
        AGENT_KEY_ID: 'acme-1',
      }),
      producer,
    );
    expect(fromFile.signing?.keyId).toBe('acme-1');
  });

  it('check as AGENT_SIGNATURES says, with the keys of AGENT_KEYS_FILE', () => {
    const keysFile = file('keys.yaml', made.keysFileEntry);
    const options = messagingOptionsFromEnv(
      load({ AGENT_SIGNATURES: 'require', AGENT_KEYS_FILE: keysFile }),
      { service: 'evaluator', version: '1.2.3' },
    );
    expect(options.agentSignatures?.mode).toBe('require');
    expect(options.agentSignatures?.keys.ids).toEqual(['acme-1']);
  });

  it('make the auction and the planner sign their own failures with a platform key of theirs', () => {
    const platform = generateAgentKey('auction-1', { services: ['auction'] });
    const keysFile = file('platform-keys.yaml', made.keysFileEntry + platform.keysFileEntry);
    const checking = { AGENT_SIGNATURES: 'require', AGENT_KEYS_FILE: keysFile };
    const signing = messagingOptionsFromEnv(
      load({ ...checking, AGENT_SIGNING_KEY: platform.privateKeyPem, AGENT_KEY_ID: 'auction-1' }),
      producer,
    );
    expect(signing.signing?.keyId).toBe('auction-1');
    // Under verify the key may come later: the failures are counted meanwhile.
    expect(
      messagingOptionsFromEnv(load({ ...checking, AGENT_SIGNATURES: 'verify' }), producer).signing,
    ).toBeUndefined();
    expect(configProblems(() => messagingOptionsFromEnv(load(checking), producer))).toEqual([
      'AGENT_SIGNING_KEY: required when AGENT_SIGNATURES is require: the auction signs its own ' +
        'TaskFailed with a platform key (services: [auction] in AGENT_KEYS_FILE), or they are refused',
    ]);
    const withKey = (key: string, keyId: string) =>
      configProblems(() =>
        messagingOptionsFromEnv(
          load({ ...checking, AGENT_SIGNING_KEY: key, AGENT_KEY_ID: keyId }),
          { service: 'planner', version: '1' },
        ),
      );
    expect(withKey(platform.privateKeyPem, 'auction-1')).toEqual([
      "AGENT_KEY_ID: auction-1 is not a platform key of planner: register it with services: [planner], or the planner's own TaskFailed are refused",
    ]);
    expect(withKey(platform.privateKeyPem, 'planner-9')).toEqual([
      "AGENT_KEY_ID: planner-9 is not in AGENT_KEYS_FILE: register it with services: [planner], or the planner's own TaskFailed are refused",
    ]);
    expect(withKey(made.privateKeyPem, 'auction-1')).toEqual([
      'AGENT_SIGNING_KEY: is not the private half of the public key auction-1 in AGENT_KEYS_FILE',
    ]);
  });

  it('name the key to fix when they do not fit together', () => {
    expect(configProblems(() => load({ AGENT_SIGNING_KEY: made.privateKeyPem }))).toEqual([
      'AGENT_KEY_ID: required with a signing key: the id its public key is registered under',
    ]);
    expect(configProblems(() => load({ AGENT_KEY_ID: 'acme-1' }))).toEqual([
      'AGENT_SIGNING_KEY: AGENT_KEY_ID is set but no key: set AGENT_SIGNING_KEY or AGENT_SIGNING_KEY_FILE',
    ]);
    expect(
      configProblems(() =>
        load({ AGENT_SIGNING_KEY: 'x', AGENT_SIGNING_KEY_FILE: '/x', AGENT_KEY_ID: 'acme-1' }),
      ),
    ).toEqual([
      'AGENT_SIGNING_KEY_FILE: set AGENT_SIGNING_KEY or AGENT_SIGNING_KEY_FILE, not both',
    ]);
    expect(configProblems(() => load({ AGENT_SIGNATURES: 'verify' }))).toEqual([
      'AGENT_KEYS_FILE: required when AGENT_SIGNATURES is verify: the registered public keys',
    ]);
    expect(configProblems(() => load({ AGENT_SIGNATURES: 'always' }))[0]).toMatch(
      /^AGENT_SIGNATURES: /,
    );
    expect(
      configProblems(() => load({ AGENT_SIGNING_KEY: made.privateKeyPem, AGENT_KEY_ID: 'a b' }))[0],
    ).toMatch(/^AGENT_KEY_ID: letters, digits/);
  });

  it('name the file or the key that cannot be used', () => {
    expect(
      configProblems(() =>
        messagingOptionsFromEnv(
          load({ AGENT_SIGNING_KEY: made.publicKeyPem, AGENT_KEY_ID: 'acme-1' }),
          producer,
        ),
      ),
    ).toEqual([expect.stringMatching(/^AGENT_SIGNING_KEY: not a private key in PEM/)]);
    expect(
      configProblems(() =>
        messagingOptionsFromEnv(
          load({ AGENT_SIGNING_KEY_FILE: join(dir, 'missing.pem'), AGENT_KEY_ID: 'acme-1' }),
          producer,
        ),
      ),
    ).toEqual([expect.stringMatching(/^AGENT_SIGNING_KEY_FILE: cannot read .*missing\.pem/)]);
    const broken = file(
      'broken.yaml',
      `${made.keysFileEntry}acme-2:\n  publicKey: nope\n  agentIdPrefix: acme.\n`,
    );
    expect(
      configProblems(() =>
        messagingOptionsFromEnv(
          load({ AGENT_SIGNATURES: 'require', AGENT_KEYS_FILE: broken }),
          producer,
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        new RegExp(`^AGENT_KEYS_FILE: ${broken}: key acme-2: publicKey is not a public key in PEM`),
      ),
    ]);
  });
});
