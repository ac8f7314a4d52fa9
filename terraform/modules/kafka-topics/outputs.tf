output "topic_names" {
  description = "Every topic provisioned from the catalog."
  value       = sort([for t in kafka_topic.catalog : t.name])
}
