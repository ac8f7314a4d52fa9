import { stackEnv, waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwarmHarness } from './swarm-harness';
import { TcpProxy, viaProxy } from './tcp-proxy';

const agents = JSON.stringify([
  { id: 'sorter', capabilities: ['classify'], capacity: 4 },
  { id: 'triager', capabilities: ['classify'], capacity: 4 },
]);

/** Longer than the quick retries (five attempts, about 3 s), shorter than the outage budget. */
const OUTAGE_MS = 10_000;

/**
 * PostgreSQL goes away under every service at once (a proxy between them and the server resets
 * every connection and refuses new ones) while goals are in flight. Events wait the outage out
 * instead of being dead-lettered; the REST edge answers 503 with Retry-After, never 500; liveness
 * holds; and once the database is back, every goal completes.
 */
describe('a PostgreSQL outage under load', () => {
  const swarm = new SwarmHarness('outage');
  let proxy: TcpProxy;

  beforeAll(async () => {
    const database = new URL(stackEnv().DATABASE_URL);
    proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) });
    const DATABASE_URL = viaProxy(stackEnv().DATABASE_URL, proxy);
    await swarm.observe(['GoalCompleted', 'GoalFailed', 'DeadLetter']);
    await swarm.start('planner', 'planner', { DATABASE_URL });
    await swarm.start('auction', 'auction', { DATABASE_URL });
    await swarm.start('evaluator', 'evaluator', { DATABASE_URL });
    await swarm.start('memory', 'memory', { DATABASE_URL });
    await swarm.start('executor', 'executor', { DATABASE_URL, AGENTS: agents });
    await swarm.waitHealthy();
  }, 180_000);

  afterAll(async () => {
    proxy?.restore();
    await swarm.close();
    await proxy?.close();
  }, 60_000);

  it(
    `loses nothing to a ${OUTAGE_MS / 1000} s outage: 503 at the edge, every goal completes after`,
    { timeout: 180_000 },
    async () => {
      const before = await swarm.submitOnKafka(
        Array.from({ length: 20 }, (_, i) => ({ goal: `Refund request ${i}`, workflow: 'triage' })),
      );
      proxy.cut();
      const cutAt = Date.now();

      // The edge refuses with 503 and Retry-After while the database is away.
      const refused = await waitFor('POST /goals to answer 503', async () => {
        const res = await fetch(swarm.url('planner', '/goals'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ goal: 'During the outage', workflow: 'triage' }),
        });
        return res.status === 202 ? undefined : res;
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { message: string }).message).toMatch(/unavailable/);

      // Every process stays live (readiness may say the database is down: that is its job).
      for (const key of swarm.processes.keys()) {
        const live = await fetch(swarm.url(key, '/health/live'));
        expect(live.status, `${key} live during the outage`).toBe(200);
      }
      const ready = await fetch(swarm.url('planner', '/health/ready'));
      expect(ready.status).toBe(503);

      // Goals produced on Kafka during the outage wait too.
      const during = await swarm.submitOnKafka(
        Array.from({ length: 10 }, (_, i) => ({ goal: `Late refund ${i}`, workflow: 'triage' })),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
      proxy.restore();

      const after = await swarm.submit({ goal: 'After the outage', workflow: 'triage' });
      const all = new Set([...before, ...during, after]);
      const ended = () =>
        [...swarm.events('GoalCompleted'), ...swarm.events('GoalFailed')].filter((g) =>
          all.has(g.envelope.goalId ?? ''),
        );
      await waitFor(
        `all ${all.size} goals to end`,
        () => (new Set(ended().map((g) => g.envelope.goalId)).size === all.size ? true : undefined),
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      const failed = swarm.events('GoalFailed').filter((g) => all.has(g.envelope.goalId ?? ''));
      expect(failed.map((g) => g.reason)).toEqual([]);
      // Nothing went to the dead-letter topic: every event waited for the database.
      expect(
        swarm
          .events('DeadLetter')
          .filter((d) => !d.consumerGroup.endsWith('observer'))
          .map((d) => `${d.sourceTopic}: ${d.errorMessage}`),
      ).toEqual([]);
    },
  );
});
