/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- rendered manifests are untyped JSON; validate() below is what checks their shape */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseAgentKeys } from '@agora/messaging';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFrom, hasCommand, missing, packageDir } from './dev-tools';
import { allPrincipalAcls } from './kafka-acls';
import { saslMechanism } from './k8s-users';
import { checkEnvKeys, serviceEnvKeys, services } from './service-env';
import { readTopicCatalog, repoRoot } from './topic-catalog';

// Renders with kubectl's built-in kustomize (`kubectl kustomize`); validates every object
// offline against the Kubernetes OpenAPI schemas compiled into kubernetes-models, ScaledObjects
// against KEDA's CRD schema (@kubernetes-models/keda). Strimzi publishes no offline schema
// package, so its Kafka, KafkaNodePool, KafkaTopic and KafkaUser objects get the structural
// checks below.
// Those validators check types, required fields and enums; like kubectl without --validate=strict
// they do not reject unknown fields.

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

const overlays = ['dev', 'prod'] as const;
const kubectlMissing = hasCommand('kubectl')
  ? undefined
  : missing(
      'kubectl',
      'install it (the google-cloud-cli "kubectl" package, or a kubectl ≥ 1.27 with kustomize v5)',
    );
const modelsDir = packageDir('kubernetes-models');
const kedaDir = packageDir('@kubernetes-models/keda');
const modelsMissing =
  modelsDir && kedaDir
    ? undefined
    : missing(
        'kubernetes-models and @kubernetes-models/keda',
        'add them as devDependencies (see README.md, "Deploy")',
      );

function render(overlay: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', join(repoRoot, 'k8s', 'overlays', overlay)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`kubectl kustomize k8s/overlays/${overlay} failed:\n${result.stderr}`);
  const objects = parseAllDocuments(result.stdout).map((d) => d.toJS() as K8sObject);
  // kustomize wraps long base64 values over lines; the API server's decoder skips the newlines,
  // the schema's "byte" format does not.
  for (const o of objects) {
    if (o.kind === 'Secret' && o.data)
      for (const k of Object.keys(o.data)) o.data[k] = o.data[k]!.replace(/\s+/g, '');
  }
  return objects;
}

/** Module file of kubernetes-models for a built-in apiVersion/kind, e.g. apps/v1/Deployment.js. */
function modelFile(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return `${group ? `${group}/` : ''}${version}/${kind}.js`;
}

async function validate(obj: K8sObject): Promise<void> {
  type Model = new (data: unknown) => { validate(): void };
  if (obj.apiVersion.startsWith('kafka.strimzi.io/')) return strimziStructure(obj);
  const [dir, file] = obj.apiVersion.startsWith('keda.sh/')
    ? [kedaDir!, `keda.sh/${obj.apiVersion.split('/')[1]}/${obj.kind}.js`]
    : [modelsDir!, modelFile(obj.apiVersion, obj.kind)];
  const mod = await importFrom<Record<string, Model>>(dir, file).catch(() => {
    throw new Error(
      `${obj.kind} ${obj.metadata.name}: no schema for ${obj.apiVersion} ${obj.kind}`,
    );
  });
  try {
    new mod[obj.kind]!(obj).validate();
  } catch (error) {
    throw new Error(`${obj.kind} ${obj.metadata.name}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function strimziStructure(obj: K8sObject): void {
  const where = `${obj.kind} ${obj.metadata.name}`;
  const fail = (m: string) => {
    throw new Error(`${where}: ${m}`);
  };
  if (obj.apiVersion !== 'kafka.strimzi.io/v1beta2')
    fail(`unexpected apiVersion ${obj.apiVersion}`);
  if (obj.kind !== 'Kafka' && obj.metadata.labels?.['strimzi.io/cluster'] !== 'agora')
    fail('label strimzi.io/cluster must be agora');
  const spec = obj.spec ?? fail('spec is required');
  switch (obj.kind) {
    case 'KafkaTopic':
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1)
        fail('spec.partitions must be a positive integer');
      if (!Number.isInteger(spec.replicas) || spec.replicas < 1)
        fail('spec.replicas must be a positive integer');
      if (typeof spec.topicName !== 'string') fail('spec.topicName must be a string');
      break;
    case 'KafkaNodePool':
      if (!Number.isInteger(spec.replicas)) fail('spec.replicas must be an integer');
      if (
        !Array.isArray(spec.roles) ||
        !spec.roles.every((r: string) => ['broker', 'controller'].includes(r))
      )
        fail('spec.roles must list broker and/or controller');
      if (!spec.storage?.type) fail('spec.storage.type is required');
      break;
    case 'Kafka':
      if (!Array.isArray(spec.kafka?.listeners) || spec.kafka.listeners.length === 0)
        fail('spec.kafka.listeners is required');
      if (spec.zookeeper) fail('KRaft only: spec.zookeeper must not be set');
      break;
    case 'KafkaUser': {
      if (!['scram-sha-512', 'tls'].includes(spec.authentication?.type))
        fail('spec.authentication.type must be scram-sha-512 or tls');
      if (spec.authorization?.type !== 'simple') fail('spec.authorization.type must be simple');
      const operations = ['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'All'];
      for (const acl of spec.authorization.acls ?? fail('spec.authorization.acls is required')) {
        const r = acl.resource ?? fail('every ACL needs a resource');
        if (!['topic', 'group', 'cluster', 'transactionalId'].includes(r.type))
          fail(`unknown ACL resource type ${r.type}`);
        if (r.type !== 'cluster' && typeof r.name !== 'string')
          fail('an ACL resource needs a name');
        if (!['literal', 'prefix'].includes(r.patternType ?? 'literal'))
          fail(`unknown ACL patternType ${r.patternType}`);
        if (
          !Array.isArray(acl.operations) ||
          acl.operations.length === 0 ||
          !acl.operations.every((op: string) => operations.includes(op))
        )
          fail(`ACL on ${r.name}: operations must be a non-empty list of ${operations.join(', ')}`);
      }
      break;
    }
    default:
      fail('unknown Strimzi kind');
  }
}

describe.skipIf(kubectlMissing)('Kubernetes manifests (k8s/)', () => {
  const rendered: Record<string, K8sObject[]> = {};
  beforeAll(() => {
    for (const overlay of overlays) rendered[overlay] = render(overlay);
  });
  const of = (overlay: string, kind: string) => rendered[overlay]!.filter((o) => o.kind === kind);

  it.skipIf(modelsMissing).each(overlays)(
    'every object of the %s overlay validates against its schema',
    async (overlay) => {
      const problems: string[] = [];
      for (const obj of rendered[overlay]!)
        await validate(obj).catch((e: Error) => problems.push(e.message));
      expect(problems).toEqual([]);
    },
  );

  it.skipIf(modelsMissing)(
    'the validation rejects a broken object (a string where replicas is a number)',
    async () => {
      const deployment = structuredClone(of('prod', 'Deployment')[0]!);
      deployment.spec.replicas = 'two';
      await expect(validate(deployment)).rejects.toThrow(/replicas must be integer/);
    },
  );

  it.each(overlays)(
    '%s: each service has a hardened Deployment, a Service, a ServiceAccount and a PDB',
    (overlay) => {
      for (const service of services) {
        const name = `agora-${service}`;
        const deployment = of(overlay, 'Deployment').find((d) => d.metadata.name === name);
        expect(deployment, name).toBeDefined();
        const pod = deployment!.spec.template.spec;
        const labels = deployment!.spec.template.metadata.labels as Record<string, string>;
        expect(pod.serviceAccountName).toBe(name);
        expect(pod.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        const [container] = pod.containers;
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.livenessProbe.httpGet.path).toBe('/health/live');
        expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
        expect(container.resources.requests && container.resources.limits).toBeTruthy();
        const tmp = container.volumeMounts.find(
          (m: { mountPath: string }) => m.mountPath === '/tmp',
        );
        expect(
          pod.volumes.find((v: { name: string }) => v.name === tmp?.name)?.emptyDir,
        ).toBeDefined();
        const selects = (selector: Record<string, string>) =>
          Object.entries(selector).every(([k, v]) => labels[k] === v);
        expect(of(overlay, 'ServiceAccount').some((s) => s.metadata.name === name)).toBe(true);
        const svc = of(overlay, 'Service').find((s) => s.metadata.name === name);
        expect(svc && selects(svc.spec.selector), `Service ${name} selects its pods`).toBe(true);
        const pdb = of(overlay, 'PodDisruptionBudget').find((p) => p.metadata.name === name);
        expect(
          pdb?.spec.selector?.matchLabels && selects(pdb.spec.selector.matchLabels),
          `PDB ${name} selects its pods`,
        ).toBe(true);
        // A PDB must not also select another service's pods.
        for (const other of of(overlay, 'Deployment').filter((d) => d !== deployment)) {
          const otherLabels = other.spec.template.metadata.labels as Record<string, string>;
          expect(
            Object.entries(pdb!.spec.selector.matchLabels).every(([k, v]) => otherLabels[k] === v),
          ).toBe(false);
        }
      }
    },
  );

  it.each(overlays)(
    "%s: each service's environment holds only keys of its configuration schema",
    async (overlay) => {
      const configMaps = new Map(
        of(overlay, 'ConfigMap').map((c) => [c.metadata.name, Object.keys(c.data ?? {})]),
      );
      const secrets = new Map(
        of(overlay, 'Secret').map((s) => [s.metadata.name, Object.keys(s.data ?? {})]),
      );
      for (const service of services) {
        const container = of(overlay, 'Deployment').find(
          (d) => d.metadata.name === `agora-${service}`,
        )!.spec.template.spec.containers[0];
        const keys: string[] = (container.env ?? []).map((e: { name: string }) => e.name);
        for (const from of container.envFrom ?? []) {
          if (from.configMapRef)
            keys.push(...(configMaps.get(from.configMapRef.name) ?? ['<missing ConfigMap>']));
          if (from.secretRef) {
            // prod: Secrets live outside git and hold DATABASE_URL (see the overlay's header).
            expect(from.secretRef.name).toMatch(new RegExp(`^agora-${service}-secrets`));
            keys.push(...(secrets.get(from.secretRef.name) ?? ['DATABASE_URL']));
          }
        }
        expect(checkEnvKeys(await serviceEnvKeys(service), keys), service).toEqual([]);
      }
    },
  );

  it('prod commits no secret values and provisions every catalog topic as a KafkaTopic', () => {
    expect(of('prod', 'Secret')).toEqual([]);
    const catalog = readTopicCatalog();
    const topics = of('prod', 'KafkaTopic');
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual(catalog.map((t) => t.name).sort());
    for (const t of catalog) {
      expect(topics.find((k) => k.spec.topicName === t.name)?.spec).toMatchObject({
        partitions: t.partitions,
        replicas: t.replicationFactor,
        config: t.config,
      });
    }
    const [kafka] = of('prod', 'Kafka');
    expect(kafka?.metadata.name).toBe('agora');
    expect(
      of('prod', 'KafkaNodePool')
        .flatMap((p) => p.spec.roles)
        .sort(),
    ).toEqual(['broker', 'controller']);
  });

  it('prod: every catalog principal is a KafkaUser with exactly its ACLs, and each service logs in as its own', () => {
    const [kafka] = of('prod', 'Kafka');
    for (const listener of kafka!.spec.kafka.listeners)
      expect(listener.authentication, `listener ${listener.name}`).toEqual({
        type: 'scram-sha-512',
      });
    expect(kafka!.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(kafka!.spec.entityOperator.userOperator).toBeDefined();

    const expected = allPrincipalAcls();
    const users = of('prod', 'KafkaUser');
    expect(users.map((u) => u.metadata.name).sort()).toEqual(expected.map((p) => p.user).sort());
    for (const principal of expected) {
      const user = users.find((u) => u.metadata.name === principal.user)!;
      expect(user.spec.authentication, principal.user).toEqual({ type: 'scram-sha-512' });
      expect(user.spec.authorization.acls, principal.user).toEqual(
        principal.rules.map((r) => ({ resource: r.resource, operations: r.operations })),
      );
    }

    for (const service of services) {
      const container = of('prod', 'Deployment').find(
        (d) => d.metadata.name === `agora-${service}`,
      )!.spec.template.spec.containers[0];
      const env = new Map<string, any>(
        (container.env ?? []).map((e: { name: string }) => [e.name, e]),
      );
      expect(env.get('KAFKA_SASL_MECHANISM')?.value, service).toBe(saslMechanism);
      expect(env.get('KAFKA_SASL_USERNAME')?.value, service).toBe(`agora-${service}`);
      expect(env.get('KAFKA_SASL_PASSWORD')?.valueFrom, service).toEqual({
        secretKeyRef: { name: `agora-${service}`, key: 'password' },
      });
      expect(
        users.some((u) => u.metadata.name === `agora-${service}`),
        `KafkaUser agora-${service}`,
      ).toBe(true);
    }
    // The development overlay keeps its plain, unauthenticated Kafka.
    expect(of('dev', 'KafkaUser')).toEqual([]);
    for (const d of of('dev', 'Deployment'))
      for (const c of d.spec.template.spec.containers)
        expect((c.env ?? []).some((e: { name: string }) => e.name.startsWith('KAFKA_SASL_'))).toBe(
          false,
        );
  });

  it('prod: KEDA reads lag as agora-keda, through a TriggerAuthentication', () => {
    const auths = of('prod', 'TriggerAuthentication');
    for (const s of of('prod', 'ScaledObject')) {
      for (const trigger of s.spec.triggers.filter((t: { type: string }) => t.type === 'kafka')) {
        expect(trigger.metadata.sasl, s.metadata.name).toBe('scram_sha512');
        const auth = auths.find((a) => a.metadata.name === trigger.authenticationRef?.name);
        expect(auth, `${s.metadata.name}: TriggerAuthentication`).toBeDefined();
        expect(auth!.spec.secretTargetRef).toEqual([
          { parameter: 'password', name: 'agora-keda', key: 'password' },
        ]);
        const [username] = auth!.spec.configMapTargetRef;
        const configMap = of('prod', 'ConfigMap').find((c) => c.metadata.name === username.name);
        expect(configMap?.data?.[username.key]).toBe('agora-keda');
      }
    }
    expect(of('prod', 'KafkaUser').some((u) => u.metadata.name === 'agora-keda')).toBe(true);
  });

  it('prod scales auction and evaluator on the lag of their consumer groups, within partitions, and executors on the waiting backlog', () => {
    const partitions = new Map(readTopicCatalog().map((t) => [t.name, t.partitions]));
    const scaled = of('prod', 'ScaledObject');
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual([
      'agora-auction',
      'agora-evaluator',
      'agora-executor',
    ]);
    // Executors read in groups of their own that commit nothing (executorGroups), so no group
    // lag measures their demand: the auction's count of attempts waiting for capacity does.
    const executor = scaled.find((s) => s.spec.scaleTargetRef.name === 'agora-executor')!;
    expect(executor.spec.triggers.map((t: { type: string }) => t.type)).toEqual(['prometheus']);
    expect(executor.spec.triggers[0].metadata.query).toContain('agora_auction_waiting_tasks');
    // …a gauge the auction does export.
    expect(
      readFileSync(join(repoRoot, 'libs/auction/feature/src/auction.metrics.ts'), 'utf8'),
    ).toContain("'agora_auction_waiting_tasks'");
    for (const s of scaled.filter((x) => x !== executor)) {
      const service = s.spec.scaleTargetRef.name.replace(/^agora-/, '');
      for (const trigger of s.spec.triggers) {
        expect(trigger.type).toBe('kafka');
        expect(trigger.metadata.consumerGroup).toBe(`agora.${service}`);
        expect(
          partitions.has(trigger.metadata.topic),
          `${trigger.metadata.topic} is not in the catalog`,
        ).toBe(true);
        expect(s.spec.maxReplicaCount).toBeLessThanOrEqual(partitions.get(trigger.metadata.topic)!);
      }
    }
    // One autoscaler per Deployment: dev uses CPU HPAs, prod KEDA (which makes its own HPA).
    expect(of('prod', 'HorizontalPodAutoscaler')).toEqual([]);
    expect(of('dev', 'ScaledObject')).toEqual([]);
    expect(
      of('dev', 'HorizontalPodAutoscaler')
        .map((h) => h.spec.scaleTargetRef.name)
        .sort(),
    ).toEqual(['agora-auction', 'agora-evaluator', 'agora-executor']);
  });

  it('prod: auction, planner and evaluator verify signed events against the keys ConfigMap; signing keys come from optional Secrets', () => {
    const keys = of('prod', 'ConfigMap').find((c) =>
      c.metadata.name.startsWith('agora-agent-keys-'),
    );
    expect(keys?.data?.['agent-keys.yaml']).toBeDefined();
    // The example file registers no key, and is a keys file the services read.
    expect(parseAgentKeys(keys!.data!['agent-keys.yaml']!, 'agent-keys.yaml').size).toBe(0);
    const container = (service: string) => {
      const d = of('prod', 'Deployment').find((x) => x.metadata.name === `agora-${service}`)!;
      const pod = d.spec.template.spec;
      const env = new Map<string, any>(
        pod.containers[0].env.map((e: { name: string }) => [e.name, e]),
      );
      return { pod, env, mounts: pod.containers[0].volumeMounts as { mountPath: string }[] };
    };
    for (const service of ['auction', 'planner', 'evaluator']) {
      const { pod, env, mounts } = container(service);
      expect(env.get('AGENT_SIGNATURES')?.value, service).toBe('verify');
      const file = env.get('AGENT_KEYS_FILE')?.value as string;
      const mount = mounts.find((m) => file.startsWith(`${m.mountPath}/`)) as
        { name: string; mountPath: string } | undefined;
      expect(mount, `${service} mounts ${file}`).toBeDefined();
      const volume = pod.volumes.find((v: { name: string }) => v.name === mount!.name);
      expect(volume.configMap.name).toBe(keys!.metadata.name);
      expect(file.slice(mount!.mountPath.length + 1)).toBe('agent-keys.yaml');
    }
    // Whoever signs reads its key from its own Secret, optional so the pod starts without one.
    for (const service of ['executor', 'auction', 'planner']) {
      const { env } = container(service);
      for (const name of ['AGENT_SIGNING_KEY', 'AGENT_KEY_ID']) {
        expect(env.get(name)?.valueFrom?.secretKeyRef, `${service} ${name}`).toEqual({
          name: `agora-${service}-signing`,
          key: name,
          optional: true,
        });
      }
    }
    expect(container('executor').env.has('AGENT_SIGNATURES')).toBe(false);
    // The secret values are never in git.
    expect(of('prod', 'Secret').filter((x) => x.metadata.name.endsWith('-signing'))).toEqual([]);
  });

  it.each(overlays)(
    '%s: network policies deny by default and let services reach only their dependencies',
    (overlay) => {
      const policies = of(overlay, 'NetworkPolicy');
      const deny = policies.find((p) => p.metadata.name === 'default-deny-all');
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      const egress = policies.find((p) => p.metadata.name === 'agora-services-egress')!;
      const ports = egress.spec.egress
        .flatMap((r: { ports: { port: number }[] }) => r.ports.map((p) => p.port))
        .sort((a: number, b: number) => a - b);
      expect(ports).toEqual([53, 53, 4318, 5432, 8080, 9092]);
      const publicApis = policies.find((p) => p.metadata.name === 'agora-public-apis')!;
      expect(publicApis.spec.podSelector.matchExpressions[0].values.sort()).toEqual([
        'console',
        'memory',
        'planner',
      ]);
      // The console's calls to the planner's API are the one call between services, allowed on
      // both sides and nowhere else.
      const toPlanner = policies.find((p) => p.metadata.name === 'agora-console-to-planner')!;
      expect(toPlanner.spec.podSelector.matchLabels).toEqual({
        'app.kubernetes.io/name': 'console',
      });
      expect(toPlanner.spec.egress).toEqual([
        {
          ports: [{ protocol: 'TCP', port: 8080 }],
          to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'planner' } } }],
        },
      ]);
      const fromConsole = policies.find((p) => p.metadata.name === 'agora-planner-from-console')!;
      expect(fromConsole.spec.podSelector.matchLabels).toEqual({
        'app.kubernetes.io/name': 'planner',
      });
    },
  );
});
