output "strimzi_namespace" {
  description = "Namespace of the Strimzi operator, or null when not installed."
  value       = var.install_strimzi ? helm_release.strimzi[0].namespace : null
}

output "keda_namespace" {
  description = "Namespace of KEDA, or null when not installed."
  value       = var.install_keda ? helm_release.keda[0].namespace : null
}
