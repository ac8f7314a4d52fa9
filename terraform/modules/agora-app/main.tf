# The same manifests `kubectl apply -k` would apply, in three waves (namespaces and CRDs, then
# everything else, then webhooks), as the kustomization provider recommends.
data "kustomization_build" "this" {
  path = var.overlay_path
}

locals {
  # The namespace module owns the Namespace, so it survives `terraform destroy` of the app alone.
  skip = toset([for id in data.kustomization_build.this.ids : id if jsondecode(data.kustomization_build.this.manifests[id]).kind == "Namespace"])
  p0   = setsubtract(data.kustomization_build.this.ids_prio[0], local.skip)
  p1   = setsubtract(data.kustomization_build.this.ids_prio[1], local.skip)
  p2   = setsubtract(data.kustomization_build.this.ids_prio[2], local.skip)
}

# Secrets first: Deployments reference them by name.
resource "kubernetes_secret_v1" "database" {
  for_each = nonsensitive(toset(keys(var.database_urls)))
  metadata {
    name      = "agora-${each.key}-secrets"
    namespace = var.namespace
    labels    = { "app.kubernetes.io/part-of" = "agora", "app.kubernetes.io/name" = each.key }
  }
  data = {
    DATABASE_URL = var.database_urls[each.key]
  }
}

# Signing keys, read by the overlay's optional secretKeyRefs (k8s/overlays/prod/signatures).
resource "kubernetes_secret_v1" "signing" {
  for_each = nonsensitive(toset(keys(var.signing_keys)))
  metadata {
    name      = "agora-${each.key}-signing"
    namespace = var.namespace
    labels    = { "app.kubernetes.io/part-of" = "agora", "app.kubernetes.io/name" = each.key }
  }
  data = {
    AGENT_SIGNING_KEY = var.signing_keys[each.key].private_key
    AGENT_KEY_ID      = var.signing_keys[each.key].key_id
  }
}

resource "kustomization_resource" "p0" {
  for_each = local.p0
  manifest = data.kustomization_build.this.manifests[each.value]
}

resource "kustomization_resource" "p1" {
  for_each   = local.p1
  manifest   = sensitive(data.kustomization_build.this.manifests[each.value])
  depends_on = [kustomization_resource.p0, kubernetes_secret_v1.database, kubernetes_secret_v1.signing]
}

resource "kustomization_resource" "p2" {
  for_each   = local.p2
  manifest   = data.kustomization_build.this.manifests[each.value]
  depends_on = [kustomization_resource.p1]
}
