import { newEnvelope } from '@agora/contracts';
import { testMessagingClient } from '@agora/messaging/testing';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { agora } from './agora-cli';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, freePort, startService, type ServiceProcess } from './service-process';

describe('agora agents', () => {
  const env = stackEnv();
  const prefix = uniquePrefix('cli-agents');
  const schema = `t_${prefix.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}auction`;
  let auction: ServiceProcess | undefined;
  afterAll(async () => {
    if (auction && auction.child.exitCode === null) {
      auction.child.kill('SIGTERM');
      await auction.exited;
    }
    await dropSchemas(env.DATABASE_URL, [schema]);
  });

  it(
    "lists the auction's roster (GET /agents) with load and reputation",
    { timeout: 240_000 },
    async () => {
      const client = testMessagingClient(prefix);
      await client.connect(['AgentHeartbeat', 'AgentReputation']);
      const producer = { service: 'test', version: '0.0.0-test' };
      try {
        auction = startService('auction', await freePort(), {
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
          DATABASE_URL: env.DATABASE_URL,
          DATABASE_SCHEMA: schema,
          KAFKA_TOPIC_PREFIX: prefix,
          KAFKA_MAX_PARTITIONS: '2',
          DATABASE_POOL_SIZE: '3',
        });
        const auctionUrl = `http://127.0.0.1:${auction.port}`;
        await client.publisher.publish('AgentHeartbeat', {
          envelope: newEnvelope({ producer }),
          agentId: 'roster-agent-1',
          capabilities: ['gather', 'report'],
          capacity: 3,
          activeTasks: 0,
          status: 'ONLINE',
          intervalMs: 60_000,
          costPerTaskUsd: null,
          incarnation: 'run-1',
          allowedCommands: [],
          allowedHosts: [],
        });
        await client.publisher.publish('AgentReputation', {
          envelope: newEnvelope({ producer }),
          agentId: 'roster-agent-1',
          capabilities: [{ capability: 'gather', score: 0.875, samples: 4, failures: 0 }],
        });
        const cliEnv = {
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
          KAFKA_TOPIC_PREFIX: prefix,
          AUCTION_URL: auctionUrl,
        };
        const listed = await waitFor(
          'the agent in agora agents',
          async () => {
            if (auction?.child.exitCode !== null) {
              throw new Error(`auction exited:\n${auction?.output().slice(-4000)}`);
            }
            const result = await agora(['agents'], cliEnv);
            // Until the auction listens, the CLI reads the topics and says so on stderr.
            return result.stderr === '' && /gather 0\.88/.test(result.stdout) ? result : undefined;
          },
          { timeoutMs: 180_000, intervalMs: 1_000 },
        );
        expect(listed.code).toBe(0);
        expect(listed.stdout.split('\n')[1]).toMatch(
          /^roster-agent-1\s+ONLINE\s+load 0\/3\s+gather 0\.88, report$/,
        );
        const roster = (await (await fetch(`${auctionUrl}/agents`)).json()) as {
          ready: boolean;
          items: unknown[];
        };
        expect(roster.ready).toBe(true);
        expect(roster.items).toEqual([
          {
            agentId: 'roster-agent-1',
            status: 'ONLINE',
            live: true,
            capabilities: ['gather', 'report'],
            capacity: 3,
            load: 0,
            lastSeenAt: expect.any(Number) as number,
            reputation: { gather: 0.875 },
          },
        ]);
      } finally {
        await client.close();
      }
    },
  );
});
