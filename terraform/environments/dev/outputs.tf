output "namespace" {
  description = "Namespace Agora runs in."
  value       = module.namespace.name
}

output "topics" {
  description = "Topics provisioned from the catalog (empty when the services create them)."
  value       = var.provision_topics ? module.kafka_topics[0].topic_names : []
}

output "resources" {
  description = "Kubernetes objects applied from the dev overlay."
  value       = module.agora_app.resource_ids
}
