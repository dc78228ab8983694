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

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct LimitRangeSpec: Equatable, Hashable, Sendable, Encodable {
    public var limits: [LimitRangeItem]
    public init(limits: [LimitRangeItem]) { self.limits = limits }
}

public struct LimitRangeItem: Equatable, Hashable, Sendable, Encodable {
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
}
