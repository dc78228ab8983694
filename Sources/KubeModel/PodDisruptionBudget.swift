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

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct PDBSpec: Equatable, Hashable, Sendable, Encodable {
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

    public func encode(to encoder: any Encoder) throws {
        guard (minAvailable == nil) != (maxUnavailable == nil) else {
            throw InvalidValue("set exactly one of minAvailable and maxUnavailable", codingPath: encoder.codingPath)
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(minAvailable, forKey: .minAvailable)
        try c.encodeIfPresent(maxUnavailable, forKey: .maxUnavailable)
        try c.encode(selector, forKey: .selector)
        try c.encode(unhealthyPodEvictionPolicy, forKey: .unhealthyPodEvictionPolicy)
    }

    enum CodingKeys: String, CodingKey { case minAvailable, maxUnavailable, selector, unhealthyPodEvictionPolicy }
}

/// When a running but not-ready pod may be evicted (`spec.unhealthyPodEvictionPolicy`).
public enum UnhealthyPodEvictionPolicy: String, Equatable, Hashable, Sendable, Encodable {
    /// Evict a not-ready pod whatever the budget: it serves nothing, and it must not hold up a drain.
    case alwaysAllow = "AlwaysAllow"
    /// Evict a not-ready pod only while the budget is met (the API's default).
    case ifHealthyBudget = "IfHealthyBudget"
}
