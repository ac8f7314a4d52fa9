output "resource_ids" {
  description = "Every Kubernetes object applied from the overlay."
  value       = sort(concat(tolist(local.p0), tolist(local.p1), tolist(local.p2)))
}

output "secret_names" {
  description = "Secrets created from database_urls and signing_keys."
  value = sort(concat(
    [for s in kubernetes_secret_v1.database : s.metadata[0].name],
    [for s in kubernetes_secret_v1.signing : s.metadata[0].name],
  ))
}
