import DocumentTree

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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("immutable", immutable)
        try fields.add("data", data)
        return fields.node
    }
}

extension ConfigMap {
    /// An immutable ConfigMap named `<name>-<hash of its data>`, as Kustomize's configMapGenerator
    /// names them: any change of content gives a new name, so the pods that reference it roll, and
    /// the previous ConfigMap stays for the pods (or the other colour) still using it.
    public static func hashed(_ name: String, namespace: String?, labels: Labels, data: StringMap) -> ConfigMap {
        let canonical = data.pairs.map { "\($0.key)=\($0.value)\n" }.joined()
        let hash = SHA256.hex(canonical).prefix(10)
        return ConfigMap(metadata: ObjectMeta(name: "\(name)-\(hash)", namespace: namespace, labels: labels),
                         immutable: true, data: data)
    }
}
