resource "helm_release" "strimzi" {
  count            = var.install_strimzi ? 1 : 0
  name             = "strimzi"
  repository       = "https://strimzi.io/charts/"
  chart            = "strimzi-kafka-operator"
  version          = var.strimzi_version
  namespace        = "strimzi"
  create_namespace = true
  wait             = true
  set = [
    {
      name  = "watchNamespaces"
      value = "{${join(",", var.watch_namespaces)}}"
    },
  ]
}

resource "helm_release" "keda" {
  count            = var.install_keda ? 1 : 0
  name             = "keda"
  repository       = "https://kedacore.github.io/charts"
  chart            = "keda"
  version          = var.keda_version
  namespace        = "keda"
  create_namespace = true
  wait             = true
}
