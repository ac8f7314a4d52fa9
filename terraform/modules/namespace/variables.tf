variable "name" {
  description = "Namespace that holds Agora's services (and, with Strimzi, its Kafka cluster)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.name))
    error_message = "name must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters."
  }
}

variable "pod_security" {
  description = "Pod Security Standard enforced in the namespace."
  type        = string
  default     = "restricted"
  validation {
    condition     = contains(["privileged", "baseline", "restricted"], var.pod_security)
    error_message = "pod_security must be privileged, baseline or restricted."
  }
}

variable "labels" {
  description = "Extra labels for the namespace."
  type        = map(string)
  default     = {}
}
