import type { DeadLetter, EventMap } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagingClient } from './messaging-client';
import { generateAgentKey, parseAgentKeys } from './signing/agent-keys';
import { KEY_ID_HEADER, SIGNATURE_HEADER } from './signing/agent-signature';
import { testMessagingClient } from './testing';

/**
 * Agents sign, services check, on a real broker and registry: a signing client's records carry
 * the headers and pass a `require` consumer, per message and per batch; an unsigned record and
 * one signed by a key outside its prefix are dead-lettered with their bytes and the reason; a
 * `verify` consumer handles all of them.
 */
describe('agent signatures between a signing client and checking consumers', () => {
  const prefix = uniquePrefix('agentsig');
  const acme = generateAgentKey('acme-1', 'acme.');
  const other = generateAgentKey('other-1', 'other.');
  const keys = parseAgentKeys(acme.keysFileEntry + other.keysFileEntry, 'keys.yaml');
  const agent = testMessagingClient(prefix, {
    service: 'acme-agent',
    signing: { keyId: 'acme-1', privateKey: acme.privateKeyPem },
  });
  const otherTeam = testMessagingClient(prefix, {
    service: 'other-agent',
    signing: { keyId: 'other-1', privateKey: other.privateKeyPem },
  });
  const forger = testMessagingClient(prefix, { service: 'forger' });
  const requiring = testMessagingClient(prefix, {
    service: 'requiring',
    agentSignatures: { mode: 'require', keys },
  });
  const verifying = testMessagingClient(prefix, {
    service: 'verifying',
    agentSignatures: { mode: 'verify', keys },
  });
  const clients: MessagingClient[] = [agent, otherTeam, forger, requiring, verifying];

  const handled: { message: string | null; headers: Record<string, string> }[] = [];
  const batched: string[] = [];
  const verified: (string | null)[] = [];
  const deadLetters: DeadLetter[] = [];

  beforeAll(async () => {
    await Promise.all(
      clients.map((c) => c.connect(['TaskProgress', 'TaskCompleted', 'DeadLetter'])),
    );
    await Promise.all([
      requiring
        .consumer(`${prefix}requiring-one`)
        .on('TaskProgress', (event, ctx) => {
          handled.push({ message: event.message, headers: ctx.headers });
        })
        .start(),
      requiring
        .consumer(`${prefix}requiring-batch`)
        .onBatch('TaskCompleted', (events) => {
          batched.push(...events.map((e) => e.output));
        })
        .start(),
      verifying
        .consumer(`${prefix}verifying`)
        .on('TaskProgress', (event) => {
          verified.push(event.message);
        })
        .start(),
      requiring
        .consumer(`${prefix}dlq-reader`)
        .on('DeadLetter', (event) => {
          deadLetters.push(event);
        })
        .start(),
    ]);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  function progress(agentId: string, message: string): EventMap['TaskProgress'] {
    const e = sampleEvent('TaskProgress');
    return {
      ...e,
      envelope: { ...e.envelope, eventId: crypto.randomUUID() },
      taskId: `${prefix}task`,
      agentId,
      message,
    };
  }

  function completed(agentId: string, output: string): EventMap['TaskCompleted'] {
    const e = sampleEvent('TaskCompleted');
    return {
      ...e,
      envelope: { ...e.envelope, eventId: crypto.randomUUID() },
      taskId: `${prefix}task`,
      agentId,
      output,
    };
  }

  it('handles what a registered key signed for an agent of its prefix; dead-letters the rest with the reason', async () => {
    // One key, one partition: in order, the forgeries between the good ones.
    await agent.publisher.publish('TaskProgress', progress('acme.writer-1', 'signed'));
    await forger.publisher.publish('TaskProgress', progress('acme.writer-1', 'unsigned'));
    await otherTeam.publisher.publish('TaskProgress', progress('acme.writer-1', 'other-team'));
    await agent.publisher.publish('TaskProgress', progress('acme.writer-1', 'signed-again'));

    await waitFor('both signed events handled', () => handled.length >= 2 || undefined);
    await waitFor(
      'the verifying consumer to read all four',
      () => verified.length >= 4 || undefined,
    );
    const refused = await waitFor('two dead letters from the requiring consumer', () => {
      const mine = deadLetters.filter((d) => d.consumerGroup === `${prefix}requiring-one`);
      return mine.length >= 2 ? mine : undefined;
    });

    expect(handled.map((h) => h.message)).toEqual(['signed', 'signed-again']);
    expect(handled[0]!.headers[KEY_ID_HEADER]).toBe('acme-1');
    expect(handled[0]!.headers[SIGNATURE_HEADER]).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    // verify: everything handled; the failures only logged and counted.
    expect(verified).toEqual(['signed', 'unsigned', 'other-team', 'signed-again']);

    const [unsigned, wrongPrefix] = refused;
    expect(unsigned!.classification).toBe('fatal');
    expect(unsigned!.errorType).toBe('AgentSignatureError');
    expect(unsigned!.errorMessage).toBe(
      'TaskProgress refused: it claims agent acme.writer-1, signed by no key: ' +
        'no signature (headers agora-key-id and agora-signature missing) [unsigned]',
    );
    expect(wrongPrefix!.errorMessage).toBe(
      'TaskProgress refused: it claims agent acme.writer-1, signed with key other-1: ' +
        "key other-1 signs only for agents whose id starts with 'other.' [wrong_prefix]",
    );
    // The dead letter keeps the record as it was, signature headers included, for a replay.
    const keyHeader = wrongPrefix!.headers.find((h) => h.key === KEY_ID_HEADER);
    expect(keyHeader?.value?.toString()).toBe('other-1');
    const decoded = await requiring.codec.decode('TaskProgress', wrongPrefix!.value);
    expect(decoded.event.message).toBe('other-team');
  });

  it('checks every event of a batch handler, and dead-letters only the forgeries', async () => {
    await forger.publisher.publishMany([
      { type: 'TaskCompleted', event: completed('acme.writer-1', 'forged-first') },
    ]);
    await agent.publisher.publishMany([
      { type: 'TaskCompleted', event: completed('acme.writer-1', 'real-1') },
      { type: 'TaskCompleted', event: completed('acme.writer-2', 'real-2') },
    ]);
    await otherTeam.publisher.publish('TaskCompleted', completed('acme.writer-1', 'forged-late'));

    const refused = await waitFor('two dead letters from the batch consumer', () => {
      const mine = deadLetters.filter((d) => d.consumerGroup === `${prefix}requiring-batch`);
      return mine.length >= 2 ? mine : undefined;
    });
    await waitFor('both real results handled', () => batched.length >= 2 || undefined);
    expect(batched).toEqual(['real-1', 'real-2']);
    expect(refused.map((d) => d.errorMessage.match(/\[(\w+)\]$/)?.[1])).toEqual([
      'unsigned',
      'wrong_prefix',
    ]);
    // The decoded event's envelope correlates the dead letter with the goal.
    expect(refused[0]!.envelope.goalId).toBe(sampleEvent('TaskCompleted').envelope.goalId);
  });
});
