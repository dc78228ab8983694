import DocumentTree

/// v1 Secret, restricted to placeholders: the model can say which keys a Secret has, never
/// their values (those come from the cluster's secret store, or `kubectl create secret`).
public struct Secret: KubernetesObject, Equatable {
    public var apiVersion: String { "v1" }
    public var kind: String { "Secret" }
    public var metadata: ObjectMeta
    public var type: String
    public var keys: [String]

    public init(metadata: ObjectMeta, type: String = "Opaque", keys: [String]) {
        self.metadata = metadata
        self.type = type
        self.keys = keys.sorted()
    }

    /// A reference to one of this Secret's keys; asking for an undeclared key is a model error.
    public func reference(_ key: String) throws -> EnvVarSource {
        guard keys.contains(key) else {
            throw InvalidValue("Secret \(metadata.name) declares no key \"\(key)\" (keys: \(keys.joined(separator: ", ")))",
                               at: FieldPath())
        }
        return .secret(metadata.name, key: key)
    }

    /// The placeholder written for every key: visibly not a secret.
    public static func placeholder(for key: String) -> String { "<set \(key) outside git>" }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("type", type)
        try fields.add("stringData", StringMap(keys.map { ($0, Secret.placeholder(for: $0)) }))
        return fields.node
    }
}
