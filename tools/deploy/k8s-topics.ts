import { stringify } from 'yaml';
import type { ProvisionedTopic } from './topic-catalog';

/** Name of the Strimzi Kafka cluster the prod overlay defines (k8s/overlays/prod/kafka). */
export const strimziCluster = 'agora';

export const generatedTopicsPath = 'k8s/overlays/prod/kafka/topics.generated.yaml';

/** Strimzi KafkaTopic manifests for every catalog topic, as one multi-document YAML file. */
export function renderKafkaTopics(topics: readonly ProvisionedTopic[]): string {
  const header =
    '# Generated from schemas/topics.yaml by `npx tsx tools/deploy/generate-k8s-topics.ts`.\n' +
    '# Do not edit: change the catalog and regenerate (a test fails when this file drifts).\n';
  const docs = topics.map((t) =>
    stringify(
      {
        apiVersion: 'kafka.strimzi.io/v1beta2',
        kind: 'KafkaTopic',
        metadata: {
          name: t.name,
          labels: { 'strimzi.io/cluster': strimziCluster, 'app.kubernetes.io/part-of': 'agora' },
          annotations: { 'agora.io/event': t.event },
        },
        spec: {
          topicName: t.name,
          partitions: t.partitions,
          replicas: t.replicationFactor,
          config: t.config,
        },
      },
      { lineWidth: 0 },
    ),
  );
  return `${header}---\n${docs.join('---\n')}`;
}
