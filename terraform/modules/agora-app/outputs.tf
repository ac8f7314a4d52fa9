output "resource_ids" {
  description = "Every Kubernetes object applied from the overlay."
  value       = sort(concat(tolist(local.p0), tolist(local.p1), tolist(local.p2)))
}

output "secret_names" {
  description = "Secrets created from database_urls."
  value       = sort([for s in kubernetes_secret_v1.database : s.metadata[0].name])
}
