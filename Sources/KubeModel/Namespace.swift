import DocumentTree

/// v1 Namespace.
public struct Namespace: KubernetesObject, Equatable {
    public var apiVersion: String { "v1" }
    public var kind: String { "Namespace" }
    public var isNamespaced: Bool { false }
    public var nameRule: NameRule { .dnsLabel }
    public var metadata: ObjectMeta

    public init(metadata: ObjectMeta) { self.metadata = metadata }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        return fields.node
    }
}
