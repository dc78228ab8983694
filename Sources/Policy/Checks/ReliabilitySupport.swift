import DocumentTree
import KubeModel

/// Logic shared by the reliability checks, written once: how many replicas a workload is sure to
/// run (its HorizontalPodAutoscaler's floor when one targets it), which PodDisruptionBudgets
/// select it, what a container's resources and image say. Kept in a namespace so that names
/// cannot clash with helpers of the other check groups.
enum Reliability {
    // MARK: Replicas

    /// The replicas a workload always runs, and what sets that number.
    struct Replicas {
        var count: Int
        /// The HorizontalPodAutoscaler that owns the count, when one in the input targets the workload.
        var autoscaler: PolicyObject?

        /// `3 replicas (spec.replicas)` or `at least 3 replicas (minReplicas of HorizontalPodAutoscaler "api")`.
        var description: String {
            let pods = "\(count) replica\(count == 1 ? "" : "s")"
            if let autoscaler { return "at least \(pods) (minReplicas of HorizontalPodAutoscaler \"\(autoscaler.name)\")" }
            return "\(pods) (spec.replicas)"
        }
    }

    /// Deployments and StatefulSets: the workloads `pdb-for-replicated-workload` and `spread-replicas` judge.
    static let scalableKinds: Set<String> = ["Deployment", "StatefulSet"]

    /// The fewest replicas `workload` runs: an autoscaler's `minReplicas` (default 1) when one
    /// targets it (the autoscaler then owns `spec.replicas`), else `spec.replicas` (default 1); a
    /// bare Pod is one. Nil for kinds whose pod count the input does not say (DaemonSets, Jobs).
    static func replicas(of workload: PolicyObject, in context: PolicyContext) -> Replicas? {
        switch workload.kind {
        case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController":
            if let hpa = context.autoscalers(of: workload).first {
                return Replicas(count: hpa.document["spec"]?["minReplicas"]?.intValue ?? 1, autoscaler: hpa)
            }
            return Replicas(count: workload.document["spec"]?["replicas"]?.intValue ?? 1, autoscaler: nil)
        case "Pod":
            return Replicas(count: 1, autoscaler: nil)
        default:
            return nil
        }
    }

    // MARK: PodDisruptionBudgets

    /// A PDB's selector. A missing or null selector selects nothing; an empty one (`{}`) selects
    /// every pod of the namespace (policy/v1).
    static func selector(of pdb: PolicyObject) -> LabelSelectorView? {
        guard let node = pdb.document["spec"]?["selector"], node != .null else { return nil }
        return LabelSelectorView(selector: node)
    }

    /// PodDisruptionBudgets of the input whose selector matches the pods of `workload`.
    static func disruptionBudgets(selecting workload: PolicyObject, in context: PolicyContext) -> [PolicyObject] {
        guard let pod = PodTemplateView(workload) else { return [] }
        return context.disruptionBudgets(selecting: pod.labels, namespace: workload.namespace)
    }

    /// Pod-owning objects of the input whose pods `pdb` selects.
    static func workloads(selectedBy pdb: PolicyObject, in context: PolicyContext) -> [PolicyObject] {
        guard let selector = selector(of: pdb) else { return [] }
        return context.workloads(selectedBy: selector, namespace: pdb.namespace)
    }

    /// An IntOrString as the disruption controller scales it against `total` pods: an int as is,
    /// `"N%"` rounded up. Nil for anything else (the API rejects it).
    static func scaled(_ node: DocNode, of total: Int) -> Int? {
        if case .int(let n) = node { return n }
        guard let percent = percent(node) else { return nil }
        return (percent * total + 99) / 100
    }

    /// `N` for a string `"N%"`.
    static func percent(_ node: DocNode) -> Int? {
        guard let s = node.stringValue, s.hasSuffix("%") else { return nil }
        return Int(s.dropLast())
    }

    // MARK: Containers

    /// `container "api"` or `init container "migrate"`, for messages.
    static func describe(_ container: ContainerView) -> String {
        "\(container.isInit ? "init container" : "container") \"\(container.name)\""
    }

    /// `resources.<kind>.<resource>` of a container (`requests`/`limits`, `cpu`/`memory`), with its path.
    static func resource(_ container: ContainerView, _ kind: String, _ resource: String) -> (value: DocNode?, path: FieldPath) {
        let value = container["resources"]?[kind]?[resource]
        return (value == .null ? nil : value, container.path / "resources" / kind / resource)
    }

    /// A scalar as written (`500m`, `1`, `0.5`).
    static func text(_ node: DocNode) -> String {
        switch node {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .number(let n): return n
        case .bool(let b): return String(b)
        default: return "…"
        }
    }

    /// Splits `registry:5000/team/app:1.2@sha256:…` into repository, tag and digest. The tag is
    /// what follows the last `:` after the last `/` (a registry port is not a tag).
    static func image(_ reference: String) -> Image {
        var name = Substring(reference)
        var digest: String?
        if let at = name.firstIndex(of: "@") {
            digest = String(name[name.index(after: at)...])
            name = name[..<at]
        }
        let lastSlash = name.lastIndex(of: "/")
        if let colon = name.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            return Image(String(name[..<colon]), tag: String(name[name.index(after: colon)...]), digest: digest)
        }
        return Image(String(name), tag: nil, digest: digest)
    }

    /// An image reference that names different content over time: no digest, and no tag or `latest`.
    static func isMutable(_ image: Image) -> Bool {
        image.digest == nil && (image.tag == nil || image.tag == "latest")
    }
}

extension Check {
    /// A check that every container (init containers included) sets `resources.<list>.<resource>`:
    /// the one body behind `cpu-requests`, `memory-requests` and `memory-limit`.
    static func requiresResource(_ list: String, _ resource: String, id: String, summary: String, rationale: String,
                                 remediation: String) -> Check {
        perContainer(id: id, summary: summary, rationale: rationale, remediation: remediation, severity: .error) { container, _, _ in
            let field = Reliability.resource(container, list, resource)
            guard field.value == nil else { return [] }
            let what = (resource == "cpu" ? "CPU" : resource) + (list == "limits" ? " limit" : " request")
            return [Violation("\(Reliability.describe(container)) has no \(what) (resources.\(list).\(resource))", at: field.path)]
        }
    }
}
