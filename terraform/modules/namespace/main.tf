resource "kubernetes_namespace_v1" "this" {
  metadata {
    name = var.name
    labels = merge(var.labels, {
      "app.kubernetes.io/part-of"          = "agora"
      "pod-security.kubernetes.io/enforce" = var.pod_security
    })
  }
}
