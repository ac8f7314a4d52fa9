import { stringify } from 'yaml';
import type { PrincipalAcls } from './kafka-acls';
import { strimziCluster } from './k8s-topics';

export const generatedUsersPath = 'k8s/overlays/prod/kafka/users.generated.yaml';
export const generatedCredentialsPath =
  'k8s/overlays/prod/kafka/service-credentials.generated.yaml';

/** The SASL mechanism of the prod listener, as the services' KAFKA_SASL_MECHANISM spells it. */
export const saslMechanism = 'scram-sha-512';

const header = (what: string) =>
  `# Generated from schemas/topics.yaml by \`npx tsx tools/deploy/generate-k8s-users.ts\`: ${what}.\n` +
  '# Do not edit: change the catalog and regenerate (a test fails when this file drifts).\n';

/**
 * Strimzi KafkaUser manifests, one per principal: SCRAM-SHA-512 authentication (the User
 * Operator writes the password into a Secret named after the user, key `password`) and simple
 * authorization with exactly the principal's ACLs.
 */
export function renderKafkaUsers(principals: readonly PrincipalAcls[]): string {
  const docs = principals.map((p) =>
    stringify(
      {
        apiVersion: 'kafka.strimzi.io/v1beta2',
        kind: 'KafkaUser',
        metadata: {
          name: p.user,
          labels: { 'strimzi.io/cluster': strimziCluster, 'app.kubernetes.io/part-of': 'agora' },
          annotations: { 'agora.io/principal': p.principal, 'agora.io/kind': p.kind },
        },
        spec: {
          authentication: { type: saslMechanism },
          authorization: {
            type: 'simple',
            acls: p.rules.map((r) => ({ resource: r.resource, operations: r.operations })),
          },
        },
      },
      { lineWidth: 0 },
    ),
  );
  return `${header('one KafkaUser per principal, with its ACLs')}---\n${docs.join('---\n')}`;
}

/**
 * A strategic-merge patch per service Deployment: KAFKA_SASL_* from the service's KafkaUser, the
 * password read from the Secret Strimzi generates for it. The container is named after the
 * service (k8s/base/<service>/deployment.yaml); env entries merge by name.
 */
export function renderServiceCredentials(principals: readonly PrincipalAcls[]): string {
  const docs = principals
    .filter((p) => p.kind === 'service')
    .map((p) =>
      stringify(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `agora-${p.principal}` },
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: p.principal,
                    env: [
                      { name: 'KAFKA_SASL_MECHANISM', value: saslMechanism },
                      { name: 'KAFKA_SASL_USERNAME', value: p.user },
                      {
                        name: 'KAFKA_SASL_PASSWORD',
                        valueFrom: { secretKeyRef: { name: p.user, key: 'password' } },
                      },
                    ],
                  },
                ],
              },
            },
          },
        },
        { lineWidth: 0 },
      ),
    );
  return `${header("each service's Kafka credentials, from its KafkaUser's Secret")}---\n${docs.join('---\n')}`;
}

/**
 * `kafka-acls.sh` commands granting the same ACLs on a plain Kafka (the compose stack, a broker
 * Strimzi does not manage), one line per rule. The bootstrap server and the admin client's
 * properties file are the caller's.
 */
export function renderKafkaAclCommands(
  principals: readonly PrincipalAcls[],
  options: { bootstrapServer: string; commandConfig: string },
): string {
  const base = `kafka-acls.sh --bootstrap-server ${options.bootstrapServer} --command-config ${options.commandConfig} --add`;
  const lines = principals.flatMap((p) => [
    `# ${p.principal} (${p.kind})`,
    ...p.rules.map((r) => {
      const ops = r.operations.map((op) => ` --operation ${op}`).join('');
      const pattern =
        r.resource.patternType === 'prefix' ? ' --resource-pattern-type prefixed' : '';
      return `${base} --allow-principal User:${p.user}${ops} --${r.resource.type} ${r.resource.name}${pattern}`;
    }),
  ]);
  return `${lines.join('\n')}\n`;
}
