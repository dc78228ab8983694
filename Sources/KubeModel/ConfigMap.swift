/// v1 ConfigMap. Data is written sorted by key.
public struct ConfigMap: KubernetesObject, Equatable {
    public var apiVersion: String { "v1" }
    public var kind: String { "ConfigMap" }
    public var metadata: ObjectMeta
    public var immutable: Bool?
    public var data: StringMap

    public init(metadata: ObjectMeta, immutable: Bool? = nil, data: StringMap) {
        self.metadata = metadata
        self.immutable = immutable
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case metadata, immutable, data }
}
