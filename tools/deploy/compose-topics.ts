import type { ProvisionedTopic } from './topic-catalog';

export const composeTopicsScriptPath = 'deploy/compose/create-topics.sh';

/**
 * A POSIX shell script for the compose stack's one-shot topic job (apache/kafka image): creates
 * every catalog topic with its partitions and configs, replication clamped to the one broker.
 * --if-not-exists makes the job safe to run again.
 */
export function renderComposeTopicsScript(topics: readonly ProvisionedTopic[]): string {
  const lines = topics.map((t) => {
    const configs = Object.entries(t.config)
      .map(([k, v]) => {
        // min.insync.replicas above the replica count would refuse every acks=all write.
        const value = k === 'min.insync.replicas' ? '1' : v;
        return ` --config ${k}=${value}`;
      })
      .join('');
    return `create ${t.name} ${t.partitions}${configs}`;
  });
  return `#!/bin/sh
# Generated from schemas/topics.yaml by \`npx tsx tools/deploy/generate-k8s-topics.ts\`.
# Do not edit: change the catalog and regenerate (a test fails when this file drifts).
# Single-broker compose stack: replication factor 1 and min.insync.replicas 1.
set -eu
BOOTSTRAP="\${KAFKA_BOOTSTRAP:-kafka:9092}"
create() {
  name="$1"; partitions="$2"; shift 2
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \\
    --topic "$name" --partitions "$partitions" --replication-factor 1 "$@"
}
${lines.join('\n')}
echo "created ${topics.length} topics"
`;
}
