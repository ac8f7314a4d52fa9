import { MessagingClient } from '@agora/messaging';
import { grantAcls, type AclGrant } from '@agora/messaging/testing';
import { createLogger } from '@agora/observability';
import { stackEnv, waitFor } from '@agora/testing';
import { agora } from './agora-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPrincipalAcls, type PrincipalAcls } from '../deploy/kafka-acls';
import { SwarmHarness } from './swarm-harness';
import { ensureKafkaJars, startSecuredKafka, type SecuredKafka } from './secured-kafka';

/*
 * The ACLs that production's KafkaUsers get (tools/deploy/kafka-acls.ts, from the catalog), on a
 * broker of this test's own that requires SCRAM logins and allows nothing without an ACL. The
 * five services run as processes, each logged in as its own user: a research goal must complete,
 * and a user must be refused what its ACLs do not grant. Topic and group names carry the run's
 * prefix, which the services use too.
 */

describe('the catalog’s ACLs on a broker that enforces them', () => {
  const swarm = new SwarmHarness('acl');
  const principals = allPrincipalAcls();
  let kafka: SecuredKafka;
  let admin: MessagingClient;
  const clients: MessagingClient[] = [];

  /** A messaging client logged in as `user`, under a name the library does not restrict. */
  function loggedInAs(user: string, password: string): MessagingClient {
    const client = new MessagingClient(
      {
        producer: { service: `acl-probe-${user}`, version: '0' },
        kafka: {
          brokers: [kafka.brokers],
          sasl: { mechanism: 'scram-sha-512', username: user, password },
        },
        registry: { url: stackEnv().SCHEMA_REGISTRY_URL },
        // Only the super user creates topics, as Strimzi's Topic Operator does in production.
        topics: {
          prefix: swarm.prefix,
          create: user === kafka.admin.username,
          replicationFactor: 1,
          maxPartitions: 2,
        },
        consumer: { groupId: `${swarm.prefix}acl-admin` },
      },
      createLogger('acl-probe', 'silent'),
    );
    clients.push(client);
    return client;
  }

  const as = (principal: string) => {
    const p = principals.find((x) => x.principal === principal)!;
    return loggedInAs(p.user, kafka.passwords.get(p.user)!);
  };

  /** The generated rules with the run's prefix on every topic and group name. */
  function prefixed(p: PrincipalAcls): AclGrant[] {
    return p.rules.map((r) => ({
      user: p.user,
      resource: { ...r.resource, name: swarm.prefix + r.resource.name },
      operations: r.operations,
    }));
  }

  beforeAll(async () => {
    await ensureKafkaJars();
    kafka = await startSecuredKafka(principals.map((p) => p.user));
    admin = loggedInAs(kafka.admin.username, kafka.admin.password);
    // The super user creates the topics (as Strimzi's Topic Operator does) and the ACLs.
    await admin.connect();
    await grantAcls(admin, principals.flatMap(prefixed));
    for (const service of ['memory', 'planner', 'auction', 'evaluator', 'executor'] as const) {
      const user = `agora-${service}`;
      await swarm.start(service, service, {
        KAFKA_BROKERS: kafka.brokers,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: user,
        KAFKA_SASL_PASSWORD: kafka.passwords.get(user)!,
        KAFKA_CREATE_TOPICS: 'false',
        ...(service === 'executor' ? { AGENT_ID_SUFFIX: `a${swarm.run}` } : {}),
      });
    }
    await swarm.waitHealthy();
    await swarm.ingestCorpus();
  });

  afterAll(async () => {
    await swarm.close();
    await Promise.allSettled(clients.map((c) => c.close()));
    await kafka?.stop();
  });

  it('lets the five services, each logged in as its own user, run a research goal to the end', async () => {
    const goalId = await swarm.submit({
      goal: 'How does Kafka deliver each event exactly once?',
      workflow: 'research',
    });
    const goal = await waitFor(
      `goal ${goalId} to end`,
      async () => {
        const res = await fetch(swarm.url('planner', `/goals/${goalId}`));
        const body = (await res.json()) as { state: string; reason?: string };
        return ['completed', 'failed'].includes(body.state) ? body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(goal).toMatchObject({ state: 'completed' });
    // Nothing was dead-lettered: no handler met a refusal on its way.
    const offsets = await withAdmin(admin, (a) =>
      a.fetchTopicOffsets(`${swarm.prefix}agora.deadletter`),
    );
    expect(offsets.every((p) => p.high === p.low)).toBe(true);
  });

  /** Sends one raw record as the client's user, as a replay does; resolves once written. */
  async function send(client: MessagingClient, topic: string): Promise<void> {
    const producer = client.rawKafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: swarm.prefix + topic,
        messages: [{ key: 'k', value: Buffer.from('not an event') }],
      });
    } finally {
      await producer.disconnect();
    }
  }

  /** Runs `fn` with a connected admin client logged in as the client's user. */
  async function withAdmin<T>(
    client: MessagingClient,
    fn: (a: ReturnType<MessagingClient['rawKafka']['admin']>) => Promise<T>,
  ): Promise<T> {
    const a = client.rawKafka.admin();
    await a.connect();
    try {
      return await fn(a);
    } finally {
      await a.disconnect();
    }
  }

  it('refuses a service what its ACLs do not grant: memory may not write tasks, nor use the auction’s group', async () => {
    const memory = as('memory');
    await expect(send(memory, 'agora.tasks.ready')).rejects.toThrow(/authoriz/i);
    // The same request for its own group and for the auction's: only the ACL differs. (kafkajs
    // reports the group refusal as a coordinator it could not find.)
    await withAdmin(memory, (a) => a.fetchOffsets({ groupId: `${swarm.prefix}agora.memory` }));
    await expect(
      withAdmin(memory, (a) => a.fetchOffsets({ groupId: `${swarm.prefix}agora.auction` })),
    ).rejects.toThrow(/authoriz|coordinator/i);
  });

  it('lets the client write goals but not awards, and not read the dead letters', async () => {
    const client = as('client');
    await send(client, 'agora.goals.submitted');
    await expect(send(client, 'agora.auction.awards')).rejects.toThrow(/authoriz/i);
    await expect(
      withAdmin(client, (a) => a.fetchTopicOffsets(`${swarm.prefix}agora.deadletter`)),
    ).rejects.toThrow(/authoriz/i);
  });

  it('lets the operator replay into a topic dead letters come from, and no other', async () => {
    const operator = as('operator');
    await send(operator, 'agora.auction.awards');
    // Read by no service, so no dead letter comes from it.
    await expect(send(operator, 'agora.memory.recorded')).rejects.toThrow(/authoriz/i);
  });

  /** The CLI's environment, logged in as a principal's user. */
  function cliAs(principal: string): Record<string, string> {
    const user = `agora-${principal}`;
    return {
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: user,
      KAFKA_SASL_PASSWORD: kafka.passwords.get(user)!,
      KAFKA_TOPIC_PREFIX: swarm.prefix,
      SCHEMA_REGISTRY_URL: stackEnv().SCHEMA_REGISTRY_URL,
      PLANNER_URL: swarm.url('planner', ''),
    };
  }

  it('lets the agora CLI, logged in as agora-client, submit a goal and follow it to its end', async () => {
    const result = await agora(
      ['submit', 'Is this a billing question?', '--workflow', 'triage', '--follow'],
      cliAs('client'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/goal completed/);
  });

  it('lets agora dlq read the dead letters as agora-operator, and not as agora-client', async () => {
    const asOperator = await agora(['dlq', 'list'], cliAs('operator'));
    expect(asOperator.code, asOperator.stderr).toBe(0);
    const asClient = await agora(['dlq', 'list'], cliAs('client'));
    expect(asClient.code).toBe(1);
    expect(asClient.stderr).toMatch(
      /Kafka shows user agora-client no topic .*agora\.deadletter: .*the ACLs do not let agora-client use them/,
    );
  });
});
