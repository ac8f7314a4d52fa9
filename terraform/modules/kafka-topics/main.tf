locals {
  catalog  = yamldecode(file(var.catalog_file))
  defaults = try(local.catalog.defaults, {})

  # The catalog's defaults applied to each topic, as tools/deploy/topic-catalog.ts does for k8s.
  topics = {
    for t in local.catalog.topics : "${var.topic_prefix}${t.name}" => {
      partitions = t.partitions
      replication_factor = coalesce(
        var.replication_factor, try(t.replicationFactor, null), try(local.defaults.replicationFactor, null), 1
      )
      config = merge(
        {
          "cleanup.policy" = tostring(try(t.cleanupPolicy, local.defaults.cleanupPolicy, "delete"))
          "retention.ms"   = tostring(try(t.retentionMs, local.defaults.retentionMs))
        },
        { for k, v in try(local.defaults.config, {}) : k => tostring(v) },
        { for k, v in try(t.config, {}) : k => tostring(v) },
        # min.insync.replicas above the replica count would refuse every acks=all write.
        var.replication_factor == null ? {} : {
          "min.insync.replicas" = tostring(min(var.replication_factor, tonumber(try(t.config["min.insync.replicas"], local.defaults.config["min.insync.replicas"], 1))))
        },
      )
    }
  }
}

resource "kafka_topic" "catalog" {
  for_each           = local.topics
  name               = each.key
  partitions         = each.value.partitions
  replication_factor = each.value.replication_factor
  config             = each.value.config
}
