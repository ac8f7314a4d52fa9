variable "catalog_file" {
  description = "Path to schemas/topics.yaml, the topic catalog: the only place topics are defined."
  type        = string
  validation {
    condition     = fileexists(var.catalog_file)
    error_message = "catalog_file must point at an existing schemas/topics.yaml."
  }
}

variable "topic_prefix" {
  description = "Prefix for every topic name; must equal the services' KAFKA_TOPIC_PREFIX."
  type        = string
  default     = ""
  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]*$", var.topic_prefix))
    error_message = "topic_prefix may contain only letters, digits, '.', '_' and '-'."
  }
}

variable "replication_factor" {
  description = "Overrides the catalog's replication factor (e.g. 1 on a single-broker cluster); null keeps the catalog's."
  type        = number
  default     = null
  validation {
    condition     = var.replication_factor == null ? true : var.replication_factor >= 1
    error_message = "replication_factor must be at least 1."
  }
}
