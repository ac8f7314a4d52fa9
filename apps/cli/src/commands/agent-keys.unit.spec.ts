import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentSigner, checkAgentSignature, parseAgentKeys } from '@agora/messaging';
import { sampleEvent } from '@agora/contracts/testing';
import { describe, expect, it } from 'vitest';
import { agentKeygenCommand } from './agent-keys.command';

describe('agora agents keygen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agora-keygen-'));

  it('writes a private key only its owner reads, and prints a keys-file entry that verifies it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const file = join(dir, 'acme.pem');
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(await agentKeygenCommand('acme-2025', { prefix: 'acme.', out: file }, io)).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(err.join('')).toContain(`AGENT_SIGNING_KEY_FILE=${file} with AGENT_KEY_ID=acme-2025`);

    const keys = parseAgentKeys(out.join(''), 'stdout');
    expect(keys.get('acme-2025')?.agentIdPrefix).toBe('acme.');
    const signer = new AgentSigner({ keyId: 'acme-2025', privateKey: readFileSync(file, 'utf8') });
    const value = Buffer.from('0000000007', 'hex');
    const event = { ...sampleEvent('TaskCompleted'), agentId: 'acme.writer-1' };
    const headers = signer.headers('TaskCompleted', value);
    expect(
      checkAgentSignature({ type: 'TaskCompleted', event, value, headers, keys }),
    ).toMatchObject({
      ok: true,
    });

    // Never overwrites a key.
    await expect(
      agentKeygenCommand('acme-2025', { prefix: 'acme.', out: file }, io),
    ).rejects.toThrow(`${file} exists; choose another --out`);
    await expect(
      agentKeygenCommand('bad id', { prefix: '', out: join(dir, 'x.pem') }, io),
    ).rejects.toThrow("key id 'bad id'");
  });

  it("makes a platform key for --service, whose entry signs that service's TaskFailed", async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => undefined };
    const file = join(dir, 'auction.pem');
    expect(await agentKeygenCommand('auction-1', { service: ['auction'], out: file }, io)).toBe(0);
    const keys = parseAgentKeys(out.join(''), 'stdout');
    expect(keys.get('auction-1')).toMatchObject({ agentIdPrefix: null, services: ['auction'] });
    const signer = new AgentSigner({ keyId: 'auction-1', privateKey: readFileSync(file, 'utf8') });
    const value = Buffer.from('0000000007', 'hex');
    const failed = sampleEvent('TaskFailed');
    const event = {
      ...failed,
      envelope: { ...failed.envelope, producer: { service: 'auction', version: '1' } },
    };
    const headers = signer.headers('TaskFailed', value);
    expect(checkAgentSignature({ type: 'TaskFailed', event, value, headers, keys })).toMatchObject({
      ok: true,
      service: 'auction',
    });

    await expect(agentKeygenCommand('x', { out: join(dir, 'y.pem') }, io)).rejects.toThrow(
      'give --prefix (an agent key) or --service',
    );
    await expect(
      agentKeygenCommand('x', { service: ['evaluator'], out: join(dir, 'y.pem') }, io),
    ).rejects.toThrow('services lists "evaluator"');
  });
});
