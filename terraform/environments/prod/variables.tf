variable "kubeconfig_path" {
  description = "kubeconfig of the production cluster."
  type        = string
}

variable "kube_context" {
  description = "kubeconfig context to use."
  type        = string
  validation {
    condition     = length(var.kube_context) > 0
    error_message = "kube_context must not be empty."
  }
}

variable "namespace" {
  description = "Namespace of Agora and its Strimzi Kafka cluster; the prod overlay uses agora."
  type        = string
  default     = "agora"
  validation {
    condition     = var.namespace == "agora"
    error_message = "The prod overlay deploys into namespace agora; change k8s/overlays/prod/kustomization.yaml together with this."
  }
}

variable "kafka_mode" {
  description = "strimzi: Kafka and topics come from the prod overlay (Strimzi KafkaTopic); external: a Kafka outside the cluster, topics created by Terraform."
  type        = string
  default     = "strimzi"
  validation {
    condition     = contains(["strimzi", "external"], var.kafka_mode)
    error_message = "kafka_mode must be strimzi or external."
  }
}

variable "kafka_bootstrap_servers" {
  description = "Brokers Terraform reaches when kafka_mode is external."
  type        = list(string)
  default     = ["127.0.0.1:9092"]
  validation {
    condition     = length(var.kafka_bootstrap_servers) > 0 && alltrue([for b in var.kafka_bootstrap_servers : can(regex("^[^:]+:[0-9]+$", b))])
    error_message = "kafka_bootstrap_servers must be host:port entries."
  }
}

variable "kafka_tls" {
  description = "Connect to the brokers over TLS."
  type        = bool
  default     = true
}

variable "database_urls" {
  description = "DATABASE_URL per service; pass from a secret store (TF_VAR_database_urls), never commit. Leave empty when External Secrets provides agora-<service>-secrets."
  type        = map(string)
  default     = {}
  sensitive   = true
}

variable "signing_keys" {
  description = "Signing key per service (executor, auction, planner): { key_id, private_key }; pass from a secret store (TF_VAR_signing_keys), never commit. Empty: nothing is signed, and the services verify only (AGENT_SIGNATURES=verify)."
  type = map(object({
    key_id      = string
    private_key = string
  }))
  default   = {}
  sensitive = true
}

variable "strimzi_version" {
  description = "Strimzi operator chart version."
  type        = string
  default     = "0.48.0"
}

variable "keda_version" {
  description = "KEDA chart version."
  type        = string
  default     = "2.18.0"
}
