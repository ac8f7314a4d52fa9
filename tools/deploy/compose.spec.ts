import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeTopicsScriptPath } from './compose-topics';
import { checkEnvKeys, serviceEnvKeys, services } from './service-env';
import { repoRoot } from './topic-catalog';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  entrypoint?: string[];
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };

const infrastructure = ['kafka', 'registry', 'postgres'];

describe('docker-compose.yml', () => {
  it('runs the services, the stack they need and observability', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        ...services,
        ...infrastructure,
        'kafka-topics',
        'otel-collector',
        'jaeger',
        'prometheus',
        'grafana',
        'kafka-exporter',
      ]),
    );
    expect(compose.services.kafka!.image).toMatch(/^apache\/kafka:4\./);
    expect(compose.services.postgres!.image).toMatch(/^pgvector\/pgvector:pg16/);
    expect(compose.services.registry!.environment).toMatchObject({
      APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD',
    });
  });

  it.each(services)('gives %s exactly the keys of its configuration schema', async (service) => {
    const env = compose.services[service]!.environment ?? {};
    expect(checkEnvKeys(await serviceEnvKeys(service), Object.keys(env))).toEqual([]);
  });

  it('a misspelt or missing key would fail the check above', async () => {
    const keys = await serviceEnvKeys('auction');
    const env = { ...compose.services.auction!.environment, KAFKA_BROKER: 'kafka:9092' } as Record<
      string,
      unknown
    >;
    delete env.DATABASE_URL;
    expect(checkEnvKeys(keys, Object.keys(env))).toEqual([
      'unknown key KAFKA_BROKER',
      'missing required key DATABASE_URL',
    ]);
  });

  it.each(services)(
    'builds %s from the Dockerfile and starts it only once its dependencies are healthy',
    (service) => {
      const s = compose.services[service]!;
      expect(s.build?.args?.SERVICE).toBe(service);
      expect(existsSync(join(repoRoot, s.build!.context, s.build!.dockerfile))).toBe(true);
      for (const dep of infrastructure)
        expect(s.depends_on?.[dep]?.condition, dep).toBe('service_healthy');
      expect(s.depends_on?.['kafka-topics']?.condition).toBe('service_completed_successfully');
      expect(s.healthcheck?.test.join(' ')).toContain('/health/ready');
    },
  );

  it('every depends_on names a service that has a healthcheck when it must be healthy', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(compose.services[dep], `${name} depends on unknown ${dep}`).toBeDefined();
        if (condition === 'service_healthy')
          expect(compose.services[dep]!.healthcheck, `${dep} has no healthcheck`).toBeDefined();
      }
    }
  });

  it('mounts only files that exist, including the topic job generated from the catalog', () => {
    const mounts = Object.values(compose.services).flatMap((s) => s.volumes ?? []);
    const hostPaths = mounts.map((m) => m.split(':')[0]!).filter((p) => p.startsWith('./'));
    expect(hostPaths).toContain(`./${composeTopicsScriptPath}`);
    for (const p of hostPaths) expect(existsSync(join(repoRoot, p)), p).toBe(true);
  });

  it('Prometheus scrapes every service and Grafana charts only metrics that some code defines', () => {
    const prometheus = readFileSync(join(repoRoot, 'deploy/prometheus/prometheus.yml'), 'utf8');
    for (const service of services) expect(prometheus).toContain(`"${service}:8080"`);
    const dashboard = readFileSync(join(repoRoot, 'deploy/grafana/dashboards/agora.json'), 'utf8');
    const used = new Set(
      [...dashboard.matchAll(/\bagora_[a-z_]+/g)].map((m) =>
        m[0].replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    const defined = definedMetricNames();
    expect([...used].filter((m) => !defined.has(m))).toEqual([]);
    for (const needed of ['agora_auction_allocation_seconds', 'agora_agent_utilisation'])
      expect(used).toContain(needed);
    expect(dashboard).toContain('kafka_consumergroup_lag');
  });
});

/** Metric names registered anywhere in libs/ (counter('agora_…'), histogram(…), gauge(…)). */
function definedMetricNames(): Set<string> {
  const out = execFileSync('grep', ['-rhoE', "'agora_[a-z_]+'", 'libs', '--include=*.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return new Set(
    out
      .split('\n')
      .filter(Boolean)
      .map((s) => s.replace(/'/g, '')),
  );
}
