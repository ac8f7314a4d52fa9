variable "overlay_path" {
  description = "Kustomize overlay to apply, e.g. k8s/overlays/prod."
  type        = string
  validation {
    condition     = fileexists("${var.overlay_path}/kustomization.yaml")
    error_message = "overlay_path must be a folder holding a kustomization.yaml."
  }
}

variable "namespace" {
  description = "Namespace the overlay deploys into (created by the namespace module, so the overlay's own Namespace object is skipped)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label."
  }
}

variable "database_urls" {
  description = "DATABASE_URL per service (postgres://…), stored as the Secret agora-<service>-secrets. Empty when the overlay or an external secret store provides those Secrets."
  type        = map(string)
  default     = {}
  sensitive   = true
  validation {
    condition = alltrue([
      for service, url in var.database_urls :
      contains(["planner", "auction", "executor", "evaluator", "memory", "console"], service) && can(regex("^postgres(ql)?://", url))
    ])
    error_message = "database_urls keys must be Agora services (planner, auction, executor, evaluator, memory, console) and values postgres:// URLs."
  }
}
