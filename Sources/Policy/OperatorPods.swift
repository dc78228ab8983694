/// Pods that a known operator creates from a custom resource of the input: a Service, a
/// PodDisruptionBudget or a NetworkPolicy written for them selects real pods, though no pod
/// template in the input shows their labels.
///
/// The Prometheus Operator (prometheus-operator/prometheus-operator, `makeSelectorLabels` in
/// pkg/prometheus/server, pkg/prometheus/agent, pkg/alertmanager and pkg/thanos; the shard label
/// in pkg/prometheus/common.go) runs each resource as a StatefulSet whose pods carry these labels,
/// `app.kubernetes.io/version`, and the resource's `spec.podMetadata.labels`.
enum OperatorPods {
    private struct Operated {
        var group: String
        var kind: String
        /// `app.kubernetes.io/name` of the pods.
        var application: String
        /// The label whose value is the resource's name (`prometheus: k8s`), if any.
        var nameLabel: String?
        var sharded: Bool
    }

    private static let operated: [Operated] = [
        Operated(group: "monitoring.coreos.com", kind: "Prometheus", application: "prometheus", nameLabel: "prometheus",
                 sharded: true),
        Operated(group: "monitoring.coreos.com", kind: "PrometheusAgent", application: "prometheus-agent", nameLabel: nil,
                 sharded: true),
        Operated(group: "monitoring.coreos.com", kind: "Alertmanager", application: "alertmanager", nameLabel: "alertmanager",
                 sharded: false),
        Operated(group: "monitoring.coreos.com", kind: "ThanosRuler", application: "thanos-ruler", nameLabel: "thanos-ruler",
                 sharded: false),
    ]

    /// The labels of the pods `object` makes its operator create, or nil when it is not such a resource.
    static func labels(of object: PolicyObject) -> PodLabels? {
        let group = object.apiVersion.split(separator: "/").first.map(String.init) ?? ""
        guard let operated = operated.first(where: { $0.group == group && $0.kind == object.kind }) else { return nil }
        let name = object.name
        var pod = PodLabels(exactly: object.document["spec"]?["podMetadata"]?["labels"]?.stringMap ?? [:])
        var set: [String: PodLabels.Value] = [
            "app.kubernetes.io/name": .exactly(operated.application),
            "app.kubernetes.io/managed-by": .exactly("prometheus-operator"),
            "app.kubernetes.io/instance": .exactly(name),
            "app.kubernetes.io/version": .any,
            "statefulset.kubernetes.io/pod-name": .any,
            "apps.kubernetes.io/pod-index": .ordinal(prefix: ""),
            "controller-revision-hash": .any,
        ]
        if let label = operated.nameLabel { set[label] = .exactly(name) }
        if operated.sharded {
            set["operator.prometheus.io/name"] = .exactly(name)
            set["operator.prometheus.io/shard"] = .ordinal(prefix: "")
        }
        // The operator's own labels win over podMetadata's.
        pod.values.merge(set) { _, operatorValue in operatorValue }
        return pod
    }
}
