import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, services, startService, type ServiceProcess } from './service-process';

describe('the services start, report healthy and stop cleanly on SIGTERM', () => {
  const running: ServiceProcess[] = [];
  afterAll(() => {
    for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  });

  it('boots every service against the real stack', { timeout: 180_000 }, async () => {
    const env = stackEnv();
    const prefix = uniquePrefix('services');
    for (const name of services) {
      const port = await freePort();
      running.push(
        startService(name, port, {
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
          DATABASE_URL: env.DATABASE_URL,
          KAFKA_TOPIC_PREFIX: prefix,
          KAFKA_MAX_PARTITIONS: '2',
          DATABASE_POOL_SIZE: '3',
          LOG_LEVEL: 'info',
        }),
      );
    }

    for (const s of running) {
      const health = await waitFor(
        `${s.name} /health`,
        async () => {
          if (s.child.exitCode !== null) throw new Error(`${s.name} exited early:\n${s.output()}`);
          const res = await fetch(`http://127.0.0.1:${s.port}/health`).catch(() => undefined);
          return res?.status === 200
            ? ((await res.json()) as { status: string; checks: Record<string, { ok: boolean }> })
            : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\n--- ${s.name} output ---\n${s.output().slice(-4000)}`);
      });
      expect(health.status, s.name).toBe('ok');
      expect(health.checks.kafka?.ok, s.name).toBe(true);
      expect(health.checks.database?.ok, s.name).toBe(true);

      const live = await fetch(`http://127.0.0.1:${s.port}/health/live`);
      expect(live.status, s.name).toBe(200);

      const metrics = await fetch(`http://127.0.0.1:${s.port}/metrics`);
      expect(metrics.headers.get('content-type'), s.name).toMatch(/^text\/plain/);
      const body = await metrics.text();
      expect(body, s.name).toMatch(/^# HELP process_cpu_user_seconds_total/m);
      expect(body, s.name).toContain(`service="${s.name}"`);
    }

    for (const s of running) s.child.kill('SIGTERM');
    for (const s of running) {
      const { code, signal } = await s.exited;
      expect({ service: s.name, code, signal }).toEqual({ service: s.name, code: 0, signal: null });
      expect(s.output(), s.name).toContain(`${s.name} stopped`);
    }
  });

  it('refuses to start on bad configuration, naming each bad key', async () => {
    const port = await freePort();
    const s = startService('auction', port, {
      KAFKA_BROKERS: '127.0.0.1:9092',
      SCHEMA_REGISTRY_URL: 'not-a-url',
      DATABASE_URL: 'mysql://nope',
      KAFKA_SSL: 'maybe',
    });
    running.push(s);
    const { code } = await s.exited;
    expect(code).toBe(1);
    expect(s.output()).toContain('auction: invalid configuration');
    expect(s.output()).toMatch(/SCHEMA_REGISTRY_URL: expected an absolute URL/);
    expect(s.output()).toMatch(/DATABASE_URL: expected a postgres:\/\/ connection string/);
    expect(s.output()).toMatch(/KAFKA_SSL: expected one of true, false/);
  });
});
