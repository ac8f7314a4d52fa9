output "namespace" {
  description = "Namespace Agora runs in."
  value       = module.namespace.name
}

output "topics" {
  description = "Topics Terraform provisioned (kafka_mode external); with Strimzi they are the overlay's KafkaTopics."
  value       = var.kafka_mode == "external" ? module.kafka_topics[0].topic_names : []
}

output "operators" {
  description = "Where Strimzi and KEDA run."
  value = {
    strimzi = module.platform_addons.strimzi_namespace
    keda    = module.platform_addons.keda_namespace
  }
}

output "resources" {
  description = "Kubernetes objects applied from the prod overlay."
  value       = module.agora_app.resource_ids
}
