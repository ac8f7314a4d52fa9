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

variable "signing_keys" {
  description = "Ed25519 signing key per service that signs what it publishes (executor; auction and planner with platform keys), stored as the Secret agora-<service>-signing (AGENT_SIGNING_KEY, AGENT_KEY_ID) that the prod overlay reads, optionally. The public halves go in k8s/overlays/prod/signatures/agent-keys.yaml. Empty: nothing is signed."
  type = map(object({
    key_id      = string
    private_key = string
  }))
  default   = {}
  sensitive = true
  validation {
    condition = alltrue([
      for service, key in var.signing_keys :
      contains(["executor", "auction", "planner"], service) && can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", key.key_id)) && can(regex("-----BEGIN PRIVATE KEY-----", key.private_key))
    ])
    error_message = "signing_keys keys must be executor, auction or planner; key_id letters, digits, dots, dashes and underscores (at most 128); private_key a PKCS#8 PEM (agora agents keygen writes one)."
  }
}
