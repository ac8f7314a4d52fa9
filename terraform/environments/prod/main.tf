# Production: Strimzi and KEDA from Helm, the prod overlay (Strimzi Kafka with node pools, the
# catalog's KafkaTopics, KEDA ScaledObjects), and the services' Secrets from database_urls and
# signing_keys.
locals {
  repo_root = abspath("${path.module}/../../..")
}

module "namespace" {
  source = "../../modules/namespace"
  name   = var.namespace
}

module "platform_addons" {
  source           = "../../modules/platform-addons"
  strimzi_version  = var.strimzi_version
  keda_version     = var.keda_version
  install_strimzi  = var.kafka_mode == "strimzi"
  install_keda     = true
  watch_namespaces = [module.namespace.name]
}

module "agora_app" {
  source        = "../../modules/agora-app"
  overlay_path  = "${local.repo_root}/k8s/overlays/prod"
  namespace     = module.namespace.name
  database_urls = var.database_urls
  signing_keys  = var.signing_keys
  # The overlay's Kafka, KafkaTopic and ScaledObject resources need the operators' CRDs.
  depends_on = [module.platform_addons]
}

module "kafka_topics" {
  source       = "../../modules/kafka-topics"
  count        = var.kafka_mode == "external" ? 1 : 0
  catalog_file = "${local.repo_root}/schemas/topics.yaml"
}
