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

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct ResourceQuotaSpec: Equatable, Hashable, Sendable, Encodable {
    /// Resource names (`requests.cpu`, `limits.memory`, `pods`, `persistentvolumeclaims`,
    /// `requests.storage`…) and their ceilings, written sorted by name.
    public var hard: [String: Quantity]

    public init(hard: [String: Quantity]) { self.hard = hard }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        var hardContainer = c.nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey("hard"))
        for key in hard.keys.sorted() { try hardContainer.encode(hard[key]!, forKey: DynamicKey(key)) }
    }
}
