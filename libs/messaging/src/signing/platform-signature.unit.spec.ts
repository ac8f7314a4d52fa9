import type { EventMap } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { createLogger } from '@agora/observability';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../errors/messaging-errors';
import { platformServices, platformWritersOf } from './agent-events';
import { AgentKeysError, generateAgentKey, parseAgentKeys } from './agent-keys';
import { AgentSigner } from './agent-signature';
import {
  AgentSignatureCheck,
  AgentSignatureError,
  checkAgentSignature,
  speakerOf,
} from './signature-check';

/*
 * The platform's own failures: a TaskFailed whose envelope names the auction or the planner as
 * its producer must be signed by a platform key of that service (`services: [...]` in the keys
 * file). Anyone who may write agora.tasks.failed can write that producer name.
 */
const auction = generateAgentKey('auction-1', { services: ['auction'] });
const planner = generateAgentKey('planner-1', { services: ['planner'] });
const executors = generateAgentKey('executors', '');
const keys = parseAgentKeys(
  auction.keysFileEntry + planner.keysFileEntry + executors.keysFileEntry,
  'keys.yaml',
);
const signer = (made: { keyId: string; privateKeyPem: string }) =>
  new AgentSigner({ keyId: made.keyId, privateKey: made.privateKeyPem });
const value = Buffer.from('00000000070a0b0c', 'hex');

function failed(service: string, code = 'lease_expired'): EventMap['TaskFailed'] {
  const e = sampleEvent('TaskFailed');
  return {
    ...e,
    agentId: 'editor-1',
    code,
    envelope: { ...e.envelope, producer: { service, version: '1' } },
  };
}

const check = (event: EventMap['TaskFailed'], headers: Record<string, string>) =>
  checkAgentSignature({ type: 'TaskFailed', event, value, headers, keys });

describe('platform keys in the keys file', () => {
  it('are the services that write an agent event: the auction and the planner, for TaskFailed', () => {
    expect(platformServices).toEqual(['auction', 'planner']);
    expect([...platformWritersOf('TaskFailed')].sort()).toEqual(['auction', 'planner']);
    expect(platformWritersOf('TaskCompleted').size).toBe(0);
  });

  it('are read with services, and speak for no agent', () => {
    expect(keys.get('auction-1')).toMatchObject({ agentIdPrefix: null, services: ['auction'] });
    expect(keys.get('executors')).toMatchObject({ agentIdPrefix: '', services: [] });
    expect(parseAgentKeys('', 'empty.yaml').size).toBe(0);
    expect(parseAgentKeys('{}', 'empty.yaml').size).toBe(0);
  });

  it('are refused with a clear error when the list is wrong or the key is both kinds', () => {
    const pem = auction.publicKeyPem;
    const text = JSON.stringify({
      empty: { services: [], publicKey: pem },
      unknown: { services: ['auction', 'evaluator'], publicKey: pem },
      'not-a-list': { services: 'auction', publicKey: pem },
      both: { services: ['auction'], agentIdPrefix: '', publicKey: pem },
    });
    let problems: readonly string[] = [];
    try {
      parseAgentKeys(text, 'keys.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(AgentKeysError);
      problems = (error as AgentKeysError).problems;
    }
    expect(problems).toEqual([
      'key empty: services must be a non-empty list of the services the key signs for (auction, planner)',
      'key unknown: services lists "evaluator": a platform key signs for the services that write agent events, auction, planner',
      'key not-a-list: services must be a non-empty list of the services the key signs for (auction, planner)',
      'key both: agentIdPrefix and services: a key is an agent key or a platform key, not both',
    ]);
    expect(() => generateAgentKey('x', { services: ['memory'] })).toThrow(
      'services lists "memory"',
    );
  });
});

describe('a TaskFailed claiming the auction or the planner', () => {
  it('speaks for the service, whatever agent it names', () => {
    expect(speakerOf('TaskFailed', failed('auction'))).toEqual({ service: 'auction' });
    expect(speakerOf('TaskFailed', failed('planner'))).toEqual({ service: 'planner' });
    expect(speakerOf('TaskFailed', failed('editor-1'))).toEqual({ agentId: 'editor-1' });
    // A producer name is no way out for the events only agents write.
    const bid = sampleEvent('BidSubmitted');
    const asAuction = {
      ...bid,
      envelope: { ...bid.envelope, producer: { service: 'auction', version: '1' } },
    };
    expect(speakerOf('BidSubmitted', asAuction)).toEqual({ agentId: bid.agentId });
  });

  it('passes when signed by a platform key of that service', () => {
    expect(check(failed('auction'), signer(auction).headers('TaskFailed', value))).toEqual({
      ok: true,
      agentId: null,
      service: 'auction',
      keyId: 'auction-1',
    });
    const cancelled = failed('planner', 'cancelled');
    expect(check(cancelled, signer(planner).headers('TaskFailed', value))).toMatchObject({
      ok: true,
    });
  });

  it("fails unsigned, with an agent key, or with the other service's key", () => {
    expect(check(failed('auction'), {})).toMatchObject({
      ok: false,
      service: 'auction',
      agentId: null,
      reason: 'unsigned',
    });
    // The executors' key speaks for every agent, and for no service.
    expect(check(failed('auction'), signer(executors).headers('TaskFailed', value))).toMatchObject({
      ok: false,
      reason: 'wrong_service',
      detail: 'key executors is not a platform key of auction',
    });
    expect(check(failed('planner'), signer(auction).headers('TaskFailed', value))).toMatchObject({
      ok: false,
      reason: 'wrong_service',
      detail: 'key auction-1 is not a platform key of planner',
    });
    expect(
      check(failed('auction'), signer(auction).headers('TaskFailed', Buffer.from('00', 'hex'))),
    ).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it("an agent's failure signed by a platform key is refused: a platform key speaks for no agent", () => {
    expect(check(failed('editor-1'), signer(auction).headers('TaskFailed', value))).toMatchObject({
      ok: false,
      agentId: 'editor-1',
      reason: 'wrong_prefix',
      detail: 'key auction-1 is a platform key of auction: it signs for no agent',
    });
  });

  it('a failure naming no agent and no service of the platform is refused, signed or not', () => {
    const anonymous = { ...failed('acme.w-1', 'cancelled'), agentId: null };
    expect(speakerOf('TaskFailed', anonymous)).toEqual({ anonymous: 'acme.w-1' });
    for (const headers of [{}, signer(executors).headers('TaskFailed', value)]) {
      expect(check(anonymous, headers)).toMatchObject({
        ok: false,
        agentId: null,
        reason: 'anonymous',
        detail:
          'it names no agent, and its producer acme.w-1 is not a service that writes TaskFailed',
      });
    }
    expect(
      new AgentSignatureError('TaskFailed', null, null, 'anonymous', 'it names no agent').message,
    ).toBe(
      'TaskFailed refused: it claims no agent, signed by no key: it names no agent [anonymous]',
    );
  });

  it('under require: dead-lettered as a fatal AgentSignatureError naming the service', () => {
    const guard = new AgentSignatureCheck(
      { mode: 'require', keys },
      'planner',
      createLogger('platform-signature-test', 'silent'),
    );
    const forged = failed('auction', 'unallocatable');
    let error: unknown;
    try {
      guard.check('TaskFailed', forged, value, signer(executors).headers('TaskFailed', value));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentSignatureError);
    expect(classifyError(error)).toBe('fatal');
    expect(error).toMatchObject({ service: 'auction', agentId: null, reason: 'wrong_service' });
    expect((error as Error).message).toBe(
      'TaskFailed refused: it claims service auction, signed with key executors: ' +
        'key executors is not a platform key of auction [wrong_service]',
    );
    guard.check('TaskFailed', forged, value, signer(auction).headers('TaskFailed', value));
  });
});
