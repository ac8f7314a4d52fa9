import { sampleEvent } from '@agora/contracts/testing';
import { uniquePrefix, waitFor } from '@agora/testing';
import { AssignerProtocol, type Consumer, type PartitionAssigner } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagingClient } from './messaging-client';
import { testMessagingClient } from './testing';

/** An assigner no Agora consumer speaks: a group held by it refuses Agora members for good. */
const ForeignAssigner: PartitionAssigner = () => ({
  name: 'ForeignOnly',
  version: 0,
  assign: ({ members }) =>
    Promise.resolve(
      members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: {},
          userData: Buffer.alloc(0),
        }),
      })),
    ),
  protocol: ({ topics }) => ({
    name: 'ForeignOnly',
    metadata: AssignerProtocol.MemberMetadata.encode({
      version: 0,
      topics,
      userData: Buffer.alloc(0),
    }),
  }),
});

/**
 * A consumer kafkajs gives up on (here: the broker refuses its join with
 * INCONSISTENT_GROUP_PROTOCOL, an error kafkajs never restarts from, as after the coordinator
 * errors of a broker restart) is started again by the library until it runs; meanwhile it reports
 * itself down, and once down for longer than maxDownMs it fails the liveness check.
 */
describe('a consumer that kafkajs abandons comes back by itself', () => {
  const prefix = uniquePrefix('recovery');
  const group = `${prefix}recovering`;
  let client: MessagingClient;
  let foreign: Consumer;

  beforeAll(async () => {
    client = testMessagingClient(prefix, { consumer: { maxDownMs: 1_000 } });
    await client.connect(['TaskProgress']);
    foreign = client.rawKafka.consumer({ groupId: group, partitionAssigners: [ForeignAssigner] });
    await foreign.connect();
    await foreign.subscribe({ topic: client.topics.topic('TaskProgress') });
    let joined = false;
    foreign.on(foreign.events.GROUP_JOIN, () => (joined = true));
    await foreign.run({ eachMessage: () => Promise.resolve() });
    await waitFor('the foreign member to hold the group', () => (joined ? true : undefined));
  });

  afterAll(async () => {
    await foreign?.disconnect();
    await client?.close();
  });

  it('is down while refused, fails liveness past maxDownMs, then runs and handles events', async () => {
    const seen: string[] = [];
    const consumer = client.consumer(group).on('TaskProgress', (e) => {
      seen.push(e.message ?? '');
    });
    let started = false;
    const starting = consumer.start().then(() => (started = true));

    await waitFor('liveness to fail', () => (client.liveness().ok ? undefined : true), {
      timeoutMs: 20_000,
    });
    expect(started).toBe(false);
    expect(consumer.healthy).toBe(false);
    expect(consumer.downForMs).toBeGreaterThan(1_000);
    expect(client.liveness().detail).toMatch(new RegExp(`consumer group ${group} has been down`));
    expect((await client.health()).ok).toBe(false);

    // The group frees up: the next attempt joins and the consumer runs.
    await foreign.disconnect();
    await waitFor('the consumer to run again', () => (started ? true : undefined), {
      timeoutMs: 60_000,
    });
    await starting;
    expect(consumer.healthy).toBe(true);
    expect(consumer.downForMs).toBe(0);
    expect(client.liveness().ok).toBe(true);

    await client.publisher.publish('TaskProgress', {
      ...sampleEvent('TaskProgress'),
      message: 'after recovery',
    });
    await waitFor('the event after recovery', () =>
      seen.includes('after recovery') ? true : undefined,
    );
  });
});
