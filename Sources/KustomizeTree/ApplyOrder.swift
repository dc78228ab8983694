import DocumentTree

/// The order in which `kubectl kustomize` prints a build's objects (kustomize's default "legacy"
/// sort), so that `kubectl apply -f` of a rendered build creates what others need first: the
/// Namespace before what lives in it, a ServiceAccount before the pods that run as it.
///
/// The ranks are kustomize's documented defaults, `legacySortOptions.orderFirst` and `orderLast`:
/// https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/sortoptions/
/// Kinds in neither list come between the two, and kustomize breaks ties by the object's id
/// (api/resid/resid.go: group, version, kind, then namespace and name), which a test checks
/// against the real build.
public enum ApplyOrder {
    static let first = ["Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition",
                        "MutatingWebhookConfiguration", "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole",
                        "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange",
                        "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob",
                        "PodDisruptionBudget"]
    static let last = ["ValidatingWebhookConfiguration"]
    static let ranks: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (i, kind) in first.enumerated() { ranks[kind] = i }
        for (i, kind) in last.enumerated() { ranks[kind] = first.count + 1 + i }
        return ranks
    }()

    /// `documents` in apply order; the sort is stable.
    public static func sorted(_ documents: [DocNode]) -> [DocNode] {
        let keyed = documents.enumerated().map { (key: Key($0.element), index: $0.offset, document: $0.element) }
        return keyed.sorted { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }.map(\.document)
    }

    /// Rank of the kind, then kustomize's id order.
    struct Key: Comparable {
        var rank: Int
        var group: String, version: String, kind: String, namespace: String, name: String

        init(_ document: DocNode) {
            kind = document["kind"]?.stringValue ?? ""
            rank = ApplyOrder.ranks[kind] ?? ApplyOrder.first.count
            let apiVersion = document["apiVersion"]?.stringValue ?? ""
            if let slash = apiVersion.firstIndex(of: "/") {
                group = String(apiVersion[..<slash])
                version = String(apiVersion[apiVersion.index(after: slash)...])
            } else {
                group = ""
                version = apiVersion
            }
            namespace = document["metadata"]?["namespace"]?.stringValue ?? ""
            name = document["metadata"]?["name"]?.stringValue ?? ""
        }

        static func < (a: Key, b: Key) -> Bool {
            (a.rank, a.group, a.version, a.kind, a.namespace, a.name) < (b.rank, b.group, b.version, b.kind, b.namespace, b.name)
        }
    }
}
