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

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct ServiceSpec: Equatable, Hashable, Sendable, Encodable {
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

    public func encode(to encoder: any Encoder) throws {
        if selector.isEmpty {
            throw InvalidValue("a Service with an empty selector selects no pods by label", codingPath: encoder.codingPath)
        }
        if ports.isEmpty { throw InvalidValue("a Service needs at least one port", codingPath: encoder.codingPath) }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(clusterIP, forKey: .clusterIP)
        try c.encode(selector, forKey: .selector)
        try c.encode(ports, forKey: .ports)
        try c.encodeIfPresent(sessionAffinity, forKey: .sessionAffinity)
        try c.encodeIfPresent(sessionAffinityConfig, forKey: .sessionAffinityConfig)
        try c.encodeIfPresent(publishNotReadyAddresses, forKey: .publishNotReadyAddresses)
    }

    enum CodingKeys: String, CodingKey {
        case type, clusterIP, selector, ports, sessionAffinity, sessionAffinityConfig, publishNotReadyAddresses
    }
}

public struct ServicePort: Equatable, Hashable, Sendable, Encodable {
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
}

public struct SessionAffinityConfig: Equatable, Hashable, Sendable, Encodable {
    public var clientIP: ClientIPConfig
    public init(timeoutSeconds: Seconds) { clientIP = ClientIPConfig(timeoutSeconds: timeoutSeconds) }
}

public struct ClientIPConfig: Equatable, Hashable, Sendable, Encodable {
    public var timeoutSeconds: Seconds
}
