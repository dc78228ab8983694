import DocumentTree

/// v1 LimitRange: defaults and bounds for each container of a namespace.
public struct LimitRange: KubernetesObject, Equatable {
    public var apiVersion: String { "v1" }
    public var kind: String { "LimitRange" }
    public var metadata: ObjectMeta
    public var spec: LimitRangeSpec

    public init(metadata: ObjectMeta, spec: LimitRangeSpec) {
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

public struct LimitRangeSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var limits: [LimitRangeItem]
    public init(limits: [LimitRangeItem]) { self.limits = limits }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("limits", limits)
        return fields.node
    }
}

public struct LimitRangeItem: Equatable, Hashable, Sendable, DocumentRepresentable {
    /// `Container`, `Pod` or `PersistentVolumeClaim`.
    public var type: String
    /// Limits given to a container that declares none.
    public var `default`: ResourceList?
    /// Requests given to a container that declares none.
    public var defaultRequest: ResourceList?
    public var max: ResourceList?
    public var min: ResourceList?

    public init(type: String, default: ResourceList? = nil, defaultRequest: ResourceList? = nil,
                max: ResourceList? = nil, min: ResourceList? = nil) {
        self.type = type
        self.default = `default`
        self.defaultRequest = defaultRequest
        self.max = max
        self.min = min
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("type", type)
        try fields.add("default", `default`)
        try fields.add("defaultRequest", defaultRequest)
        try fields.add("max", max)
        try fields.add("min", min)
        return fields.node
    }
}
