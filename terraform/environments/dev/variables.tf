variable "kubeconfig_path" {
  description = "kubeconfig of the development cluster (kind, k3d, minikube)."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "kubeconfig context to use."
  type        = string
  default     = "kind-agora"
  validation {
    condition     = length(var.kube_context) > 0
    error_message = "kube_context must not be empty."
  }
}

variable "kafka_bootstrap_servers" {
  description = "Brokers Terraform reaches to create topics, e.g. a port-forward to the dev overlay's kafka Service."
  type        = list(string)
  default     = ["127.0.0.1:29092"]
  validation {
    condition     = length(var.kafka_bootstrap_servers) > 0 && alltrue([for b in var.kafka_bootstrap_servers : can(regex("^[^:]+:[0-9]+$", b))])
    error_message = "kafka_bootstrap_servers must be host:port entries."
  }
}

variable "kafka_tls" {
  description = "Connect to the brokers over TLS."
  type        = bool
  default     = false
}

variable "provision_topics" {
  description = "Create the catalog's topics with Terraform (otherwise the services create them at start-up, as the dev overlay allows)."
  type        = bool
  default     = true
}
