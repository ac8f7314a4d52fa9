variable "strimzi_version" {
  description = "Strimzi operator chart version (runs Kafka in KRaft mode with node pools)."
  type        = string
  default     = "0.48.0"
  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.strimzi_version))
    error_message = "strimzi_version must be an exact version such as 0.48.0."
  }
}

variable "keda_version" {
  description = "KEDA chart version (scales consumers on Kafka consumer lag)."
  type        = string
  default     = "2.18.0"
  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.keda_version))
    error_message = "keda_version must be an exact version such as 2.18.0."
  }
}

variable "install_strimzi" {
  description = "Install the Strimzi operator (needed when Kafka runs in the cluster)."
  type        = bool
  default     = true
}

variable "install_keda" {
  description = "Install KEDA (needed by the prod overlay's ScaledObjects)."
  type        = bool
  default     = true
}

variable "watch_namespaces" {
  description = "Namespaces whose Kafka, KafkaNodePool and KafkaTopic resources Strimzi reconciles."
  type        = list(string)
  validation {
    condition     = length(var.watch_namespaces) > 0
    error_message = "watch_namespaces must name at least one namespace."
  }
}
