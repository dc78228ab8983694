import DocumentTree

/// v1 ResourceQuota: the most a namespace may request and use, in total.
public struct ResourceQuota: KubernetesObject, Equatable {
    public var apiVersion: String { "v1" }
    public var kind: String { "ResourceQuota" }
    public var metadata: ObjectMeta
    public var spec: ResourceQuotaSpec

    public init(metadata: ObjectMeta, spec: ResourceQuotaSpec) {
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

public struct ResourceQuotaSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    /// Resource names (`requests.cpu`, `limits.memory`, `pods`, `persistentvolumeclaims`,
    /// `requests.storage`…) and their ceilings, written sorted by name.
    public var hard: [String: Quantity]

    public init(hard: [String: Quantity]) { self.hard = hard }

    public func document() throws -> DocNode {
        let ceilings = try InvalidValue.under(.key("hard")) {
            var ceilings = Fields()
            for key in hard.keys.sorted() { try ceilings.add(key, hard[key]!) }
            return ceilings.node
        }
        return .mapping([DocNode.Field("hard", ceilings)])
    }
}
