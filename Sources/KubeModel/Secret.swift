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

    enum CodingKeys: String, CodingKey { case metadata, type, stringData }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(type, forKey: .type)
        try c.encode(StringMap(keys.map { ($0, Secret.placeholder(for: $0)) }), forKey: .stringData)
    }
}
