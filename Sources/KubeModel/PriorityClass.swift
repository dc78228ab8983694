import DocumentTree

/// scheduling.k8s.io/v1 PriorityClass (cluster-scoped).
public struct PriorityClass: KubernetesObject, Equatable {
    public var apiVersion: String { "scheduling.k8s.io/v1" }
    public var kind: String { "PriorityClass" }
    public var isNamespaced: Bool { false }
    public var metadata: ObjectMeta
    public var value: Int
    public var globalDefault: Bool?
    /// `PreemptLowerPriority` (the default) or `Never`.
    public var preemptionPolicy: String?
    public var description: String?

    public init(metadata: ObjectMeta, value: Int, preemptionPolicy: String? = nil, description: String? = nil) {
        self.metadata = metadata
        self.value = value
        self.preemptionPolicy = preemptionPolicy
        self.description = description
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("value", value)
        try fields.add("globalDefault", globalDefault)
        try fields.add("preemptionPolicy", preemptionPolicy)
        try fields.add("description", description)
        return fields.node
    }
}
