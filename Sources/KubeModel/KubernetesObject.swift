import DocumentTree

/// A Kubernetes API object. Conforming types hold `metadata` and their body fields (`spec`,
/// `data`, `rules`…) under the API's exact names; `apiVersion` and `kind` are written first by
/// `Manifest`.
public protocol KubernetesObject: DocumentRepresentable, Sendable {
    var apiVersion: String { get }
    var kind: String { get }
    var metadata: ObjectMeta { get set }
    /// Whether objects of this kind live in a namespace.
    var isNamespaced: Bool { get }
    /// The name syntax this kind requires (most kinds take a DNS subdomain).
    var nameRule: NameRule { get }
}

/// Which syntax an object's name must follow.
public enum NameRule: Sendable {
    case dnsSubdomain
    case dnsLabel
}

extension KubernetesObject {
    public var isNamespaced: Bool { true }
    public var nameRule: NameRule { .dnsSubdomain }
}

/// Identity of an object: what `kubectl` needs to find it.
public struct ObjectID: Equatable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var kind: String
    public var namespace: String?
    public var name: String

    public init(kind: String, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Deployment/backend`, the form `kubectl` accepts.
    public var description: String { "\(kind)/\(name)" }

    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        (a.kind, a.namespace ?? "", a.name) < (b.kind, b.namespace ?? "", b.name)
    }
}

/// One object of the model, with where it was declared and which component declared it.
public struct Manifest: Sendable {
    public var object: any KubernetesObject
    public var source: SourceLocation
    /// The component (`backend`, `web`, `ingress`…) that produced the object: the middle part of
    /// an error's model path.
    public var component: String

    public init(_ object: any KubernetesObject, component: String, source: SourceLocation) {
        self.object = object
        self.component = component
        self.source = source
    }

    public var id: ObjectID {
        ObjectID(kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name)
    }

    /// The object as an ordered document (`apiVersion`, `kind`, `metadata`, then its body),
    /// checking every value on the way, its name by the rule of its kind.
    public func document() throws -> DocNode {
        let name = object.metadata.name
        let problem: String? = switch object.nameRule {
        case .dnsLabel: NameRules.dnsLabelProblem(name)
        case .dnsSubdomain: NameRules.dnsSubdomainProblem(name)
        }
        if let problem {
            throw InvalidValue("\"\(name)\" is not a valid \(object.kind) name: \(problem)",
                               at: FieldPath([.key("metadata"), .key("name")]))
        }
        if !object.isNamespaced, object.metadata.namespace != nil {
            throw InvalidValue("\(object.kind) is cluster-scoped and cannot have a namespace",
                               at: FieldPath([.key("metadata"), .key("namespace")]))
        }
        guard case .mapping(let body) = try object.document() else { preconditionFailure("an object is a mapping") }
        return .mapping([DocNode.Field("apiVersion", .string(object.apiVersion)), DocNode.Field("kind", .string(object.kind))] + body)
    }
}

/// The escape hatch for kinds this model does not type (cert-manager, Prometheus Operator…):
/// typed identity and metadata, a body given as an ordered document tree.
public struct CustomResource: KubernetesObject {
    public let apiVersion: String
    public let kind: String
    public var metadata: ObjectMeta
    /// Top-level fields after `metadata` (usually `spec`), in order.
    public var body: [DocNode.Field]
    public let isNamespaced: Bool

    public init(apiVersion: String, kind: String, metadata: ObjectMeta, namespaced: Bool = true,
                body: [DocNode.Field]) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.isNamespaced = namespaced
        self.body = body
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        for field in body {
            if ["apiVersion", "kind", "metadata"].contains(field.key) {
                throw InvalidValue("\(field.key) is set by CustomResource itself", at: FieldPath())
            }
            fields.list.append(field)
        }
        return fields.node
    }
}
