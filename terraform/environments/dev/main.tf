# Development: a local cluster with the dev overlay (its own Kafka, registry and PostgreSQL),
# CPU-based HPAs (no KEDA, no Strimzi), topics from the catalog on the dev broker.
locals {
  repo_root = abspath("${path.module}/../../..")
}

module "namespace" {
  source       = "../../modules/namespace"
  name         = "agora-dev"
  pod_security = "baseline"
}

module "agora_app" {
  source       = "../../modules/agora-app"
  overlay_path = "${local.repo_root}/k8s/overlays/dev"
  namespace    = module.namespace.name
}

module "kafka_topics" {
  source             = "../../modules/kafka-topics"
  count              = var.provision_topics ? 1 : 0
  catalog_file       = "${local.repo_root}/schemas/topics.yaml"
  replication_factor = 1
  depends_on         = [module.agora_app]
}
