import DocumentTree

/// policy/v1 PodDisruptionBudget.
public struct PodDisruptionBudget: KubernetesObject, Equatable {
    public var apiVersion: String { "policy/v1" }
    public var kind: String { "PodDisruptionBudget" }
    public var metadata: ObjectMeta
    public var spec: PDBSpec

    public init(metadata: ObjectMeta, spec: PDBSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}

public struct PDBSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var minAvailable: IntOrString?
    public var maxUnavailable: IntOrString?
    public var selector: LabelSelector
    /// Written out always: the API's default (IfHealthyBudget) lets a crash-looping pod block node
    /// drains, so the model defaults to AlwaysAllow, as the Kubernetes documentation recommends.
    public var unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy

    public init(minAvailable: IntOrString? = nil, maxUnavailable: IntOrString? = nil, selector: LabelSelector,
                unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy = .alwaysAllow) {
        self.minAvailable = minAvailable
        self.maxUnavailable = maxUnavailable
        self.selector = selector
        self.unhealthyPodEvictionPolicy = unhealthyPodEvictionPolicy
    }

    public func document() throws -> DocNode {
        guard (minAvailable == nil) != (maxUnavailable == nil) else {
            throw InvalidValue("set exactly one of minAvailable and maxUnavailable", at: FieldPath())
        }
        var fields = Fields()
        try fields.add("minAvailable", minAvailable)
        try fields.add("maxUnavailable", maxUnavailable)
        try fields.add("selector", selector)
        try fields.add("unhealthyPodEvictionPolicy", unhealthyPodEvictionPolicy)
        return fields.node
    }
}

/// When a running but not-ready pod may be evicted (`spec.unhealthyPodEvictionPolicy`).
public enum UnhealthyPodEvictionPolicy: String, Equatable, Hashable, Sendable, DocumentRepresentable {
    /// Evict a not-ready pod whatever the budget: it serves nothing, and it must not hold up a drain.
    case alwaysAllow = "AlwaysAllow"
    /// Evict a not-ready pod only while the budget is met (the API's default).
    case ifHealthyBudget = "IfHealthyBudget"
}
