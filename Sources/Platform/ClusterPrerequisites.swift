import Components
import KubeModel

/// What a cluster must run before Secure Messenger's tree applies and works, each pinned to a
/// version read at its tag in the project's repository (snapshots of 2026-08; check for newer
/// patch releases before a new cluster): the ingress controller, cert-manager, the Prometheus
/// Operator stack (Prometheus, Alertmanager, Grafana, node-exporter, kube-state-metrics), the
/// Pushgateway and metrics-server. The disaster-recovery procedure installs them in this order
/// (the CRDs the tree's custom resources need come first); `docs/disaster-recovery.md` lists
/// what the tree expects of each.
///
/// Namespaces and pod labels are the NetworkPolicies' peers (`ClusterServices.standard`), never
/// typed again: a prerequisite installed elsewhere would be one the policies do not admit.
public enum ClusterPrerequisites {
    /// ingress-nginx's release: the chart names its controller Service `<release>-controller`
    /// when the release name contains the chart's (templates/_helpers.tpl `ingress-nginx.fullname`).
    static let ingressRelease = "ingress-nginx"
    /// The Service whose load balancer address the public hosts point at.
    public static let ingressControllerService = "\(ingressRelease)-controller"
    /// The ingress-nginx chart's values, in the generated tree.
    public static let ingressValuesFile = "ingress-nginx/values.yaml"
    /// The kube-prometheus-stack's values, in the generated tree.
    public static let monitoringValuesFile = "monitoring/kube-prometheus-stack/values.yaml"
    /// The Pushgateway's Service (the chart's `fullnameOverride`; its default would be
    /// `<release>-prometheus-pushgateway`), which the backup jobs push to.
    public static let pushgatewayService = "pushgateway"

    static let services = ClusterServices.standard

    /// The namespace of a peer of another namespace (every cluster service is one).
    static func namespace(_ peer: Peer) -> String {
        guard let namespace = peer.namespace else { preconditionFailure("\(peer.name) is expected in a namespace of its own") }
        return namespace
    }

    static func labels(_ peer: Peer) -> String {
        peer.podLabels.pairs.map { "`\($0.key): \($0.value)`" }.joined(separator: ", ")
    }

    /// The ingress controller. The project was retired in March 2026: 4.15.1 (controller v1.15.1)
    /// is its last release and gets no security fixes.
    public static let ingressController = ClusterPrerequisite(
        "ingress-nginx", version: "4.15.1", namespace: namespace(services.ingressController),
        source: .helm(release: ingressRelease, chart: "ingress-nginx", repository: "https://kubernetes.github.io/ingress-nginx",
                      valuesFiles: [ingressValuesFile]),
        expectations: [
            "namespace `\(namespace(services.ingressController))`, pods labelled \(labels(services.ingressController)) (the chart's name label)",
            "the IngressClass `\(ProductStack.ingressClass)` (the chart's default), which the Ingresses and the ACME solver name",
            "the Service `\(ingressControllerService)` of type LoadBalancer: the public hosts' DNS points at its address",
            "`controller.config` and `controller.metrics` from `\(ingressValuesFile)` (HSTS, client addresses, the metrics Prometheus scrapes)",
        ],
        notes: ["Retired in March 2026: 4.15.1 (controller v1.15.1) is the last release, with no further security fixes. "
                    + "The project's README advises new installations to use a Gateway API implementation instead; moving "
                    + "means generating Gateway and HTTPRoute objects in place of the Ingresses, with the edge policy "
                    + "(HSTS, rate limits, body size, affinity) expressed in that implementation's terms."])

    /// cert-manager, from its static manifest (controller, webhook and CRDs in namespace `cert-manager`).
    public static let certManager = ClusterPrerequisite(
        "cert-manager", version: "v1.21.1", namespace: "cert-manager",
        source: .manifest(url: "https://github.com/cert-manager/cert-manager/releases/download/v1.21.1/cert-manager.yaml"),
        expectations: [
            "the CRD `cert-manager.io/v1` ClusterIssuer (`kubernetes/cluster` defines `\(ClusterIssuers.letsEncryptProduction)`)",
            "HTTP-01 challenges answered through the IngressClass `\(ProductStack.ingressClass)`; the Ingresses' "
                + "annotation `cert-manager.io/cluster-issuer` names the issuer",
        ],
        readyWhen: ["cert-manager-webhook"])

    /// The Prometheus Operator, Prometheus, Alertmanager and Grafana (kube-prometheus-stack, operator v0.93.1).
    public static let monitoringStack = ClusterPrerequisite(
        "kube-prometheus-stack", version: "88.5.3", namespace: namespace(services.prometheus),
        source: .helm(release: "kube-prometheus-stack", chart: "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack",
                      valuesFiles: [monitoringValuesFile]),
        expectations: [
            "namespace `\(namespace(services.prometheus))`, Prometheus pods labelled \(labels(services.prometheus)) (the operator's)",
            "the CRDs `monitoring.coreos.com/v1` PodMonitor and PrometheusRule, which the overlays and `kubernetes/cluster` apply",
            "Prometheus selecting every PodMonitor, ServiceMonitor and PrometheusRule, whatever its labels (`\(monitoringValuesFile)`: "
                + "the chart's default selects only those labelled `release: <release>`, which gen's are not)",
            "Alertmanager configured from the same values (gen's routing) with the Secrets of `secrets/create-cluster.sh` mounted",
            "Grafana's sidecar loading ConfigMaps labelled `\(Dashboards.sidecarLabel.0): \"\(Dashboards.sidecarLabel.1)\"` from every namespace (the chart's default)",
            "the chart's own `\(Alerts.watchdogName)` disabled: gen's cluster rules define the heartbeat the dead man's switch expects",
        ])

    /// The Pushgateway the backup jobs push to.
    public static let pushgateway = ClusterPrerequisite(
        "prometheus-pushgateway", version: "3.8.0", namespace: namespace(services.pushgateway),
        source: .helm(release: "pushgateway", chart: "oci://ghcr.io/prometheus-community/charts/prometheus-pushgateway",
                      settings: [("fullnameOverride", pushgatewayService), ("serviceMonitor.enabled", "true")]),
        expectations: [
            "namespace `\(namespace(services.pushgateway))`, pods labelled \(labels(services.pushgateway)) (the chart's name label)",
            "the Service `\(pushgatewayService)` on port \(ClusterServices.pushgatewayPort.containerPort) (`\(Backups.pushgatewayURL)`)",
            "a ServiceMonitor with `honorLabels: true` (the chart's default), so that pushed series keep their `job` label",
        ])

    /// The metrics API the HorizontalPodAutoscalers read.
    public static let metricsServer = ClusterPrerequisite(
        "metrics-server", version: "v0.9.0", namespace: "kube-system",
        source: .manifest(url: "https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.9.0/components.yaml"),
        expectations: ["the `metrics.k8s.io` API, which the HorizontalPodAutoscalers read"],
        notes: ["v0.9.x supports Kubernetes 1.34 and later; on 1.31 to 1.33 install v0.8.1 (its README's compatibility matrix)."])

    /// In the order a fresh cluster installs them: every CRD before the first custom resource.
    public static let all = [ingressController, certManager, monitoringStack, pushgateway, metricsServer]
}
