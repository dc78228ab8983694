import DocumentTree

/// v1 Service.
public struct Service: KubernetesObject, Equatable {
    public var apiVersion: String { "v1" }
    public var kind: String { "Service" }
    public var nameRule: NameRule { .dnsLabel }
    public var metadata: ObjectMeta
    public var spec: ServiceSpec

    public init(metadata: ObjectMeta, spec: ServiceSpec) {
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

public struct ServiceSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var type: String?
    /// `None` for a headless Service.
    public var clusterIP: String?
    public var selector: Labels
    public var ports: [ServicePort]
    public var sessionAffinity: String?
    public var sessionAffinityConfig: SessionAffinityConfig?
    public var publishNotReadyAddresses: Bool?

    public init(type: String? = "ClusterIP", selector: Labels, ports: [ServicePort]) {
        self.type = type
        self.selector = selector
        self.ports = ports
    }

    public func document() throws -> DocNode {
        if selector.isEmpty {
            throw InvalidValue("a Service with an empty selector selects no pods by label", at: FieldPath())
        }
        if ports.isEmpty { throw InvalidValue("a Service needs at least one port", at: FieldPath()) }
        var fields = Fields()
        try fields.add("type", type)
        try fields.add("clusterIP", clusterIP)
        try fields.add("selector", selector)
        try fields.add("ports", ports)
        try fields.add("sessionAffinity", sessionAffinity)
        try fields.add("sessionAffinityConfig", sessionAffinityConfig)
        try fields.add("publishNotReadyAddresses", publishNotReadyAddresses)
        return fields.node
    }
}

public struct ServicePort: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var port: Int
    public var targetPort: IntOrString
    public var `protocol`: PortProtocol
    public var appProtocol: String?

    /// A Service port that forwards to a named container port (never a repeated number).
    public init(_ target: ContainerPort, port: Int? = nil, appProtocol: String? = nil) {
        self.name = target.name
        self.port = port ?? target.containerPort
        self.targetPort = .string(target.name)
        self.protocol = target.protocol
        self.appProtocol = appProtocol
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("port", port)
        try fields.add("targetPort", targetPort)
        try fields.add("protocol", `protocol`)
        try fields.add("appProtocol", appProtocol)
        return fields.node
    }
}

public struct SessionAffinityConfig: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var clientIP: ClientIPConfig
    public init(timeoutSeconds: Seconds) { clientIP = ClientIPConfig(timeoutSeconds: timeoutSeconds) }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("clientIP", clientIP)
        return fields.node
    }
}

public struct ClientIPConfig: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var timeoutSeconds: Seconds

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("timeoutSeconds", timeoutSeconds)
        return fields.node
    }
}
