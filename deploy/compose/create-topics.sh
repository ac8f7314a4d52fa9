#!/bin/sh
# Generated from schemas/topics.yaml by `npx tsx tools/deploy/generate-k8s-topics.ts`.
# Do not edit: change the catalog and regenerate (a test fails when this file drifts).
# Single-broker compose stack: replication factor 1 and min.insync.replicas 1.
set -eu
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
create() {
  name="$1"; partitions="$2"; shift 2
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "$@"
}
create agora.goals.submitted 6 --config cleanup.policy=delete --config retention.ms=2592000000 --config min.insync.replicas=1
create agora.goals.cancel-requested 6 --config cleanup.policy=delete --config retention.ms=2592000000 --config min.insync.replicas=1
create agora.goals.planned 6 --config cleanup.policy=delete --config retention.ms=2592000000 --config min.insync.replicas=1
create agora.goals.completed 6 --config cleanup.policy=delete --config retention.ms=2592000000 --config min.insync.replicas=1
create agora.goals.failed 6 --config cleanup.policy=delete --config retention.ms=2592000000 --config min.insync.replicas=1
create agora.tasks.ready 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.auction.cfp 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.auction.bids 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.auction.waiting 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.auction.awards 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.tasks.progress 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.tasks.journal 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.tasks.stream 12 --config cleanup.policy=delete --config retention.ms=86400000 --config min.insync.replicas=1
create agora.tasks.completed 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.tasks.failed 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.tasks.evaluated 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.tasks.awaiting-decision 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.tasks.decided 12 --config cleanup.policy=delete --config retention.ms=604800000 --config min.insync.replicas=1
create agora.agents.heartbeats 6 --config cleanup.policy=compact --config retention.ms=-1 --config min.insync.replicas=1 --config segment.ms=3600000
create agora.agents.reputation 6 --config cleanup.policy=compact --config retention.ms=-1 --config min.insync.replicas=1
create agora.planner.workflows 1 --config cleanup.policy=compact --config retention.ms=-1 --config min.insync.replicas=1
create agora.memory.recorded 6 --config cleanup.policy=delete --config retention.ms=2592000000 --config min.insync.replicas=1
create agora.memory.search.requests 6 --config cleanup.policy=delete --config retention.ms=3600000 --config min.insync.replicas=1
create agora.memory.search.results 6 --config cleanup.policy=delete --config retention.ms=3600000 --config min.insync.replicas=1
create agora.deadletter 3 --config cleanup.policy=delete --config retention.ms=2592000000 --config min.insync.replicas=1 --config max.message.bytes=2097152
echo "created 25 topics"
