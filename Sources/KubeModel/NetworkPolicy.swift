/// networking.k8s.io/v1 NetworkPolicy.
public struct NetworkPolicy: KubernetesObject, Equatable {
    public var apiVersion: String { "networking.k8s.io/v1" }
    public var kind: String { "NetworkPolicy" }
    public var metadata: ObjectMeta
    public var spec: NetworkPolicySpec

    public init(metadata: ObjectMeta, spec: NetworkPolicySpec) {
        self.metadata = metadata
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct NetworkPolicySpec: Equatable, Hashable, Sendable, Encodable {
    public var podSelector: LabelSelector
    public var policyTypes: [String]
    public var ingress: [NetworkPolicyIngressRule]?
    public var egress: [NetworkPolicyEgressRule]?

    public init(podSelector: LabelSelector, policyTypes: [String], ingress: [NetworkPolicyIngressRule]? = nil,
                egress: [NetworkPolicyEgressRule]? = nil) {
        self.podSelector = podSelector
        self.policyTypes = policyTypes
        self.ingress = ingress
        self.egress = egress
    }
}

public struct NetworkPolicyPeer: Equatable, Hashable, Sendable, Encodable {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?

    public init(podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil, ipBlock: IPBlock? = nil) {
        self.podSelector = podSelector
        self.namespaceSelector = namespaceSelector
        self.ipBlock = ipBlock
    }
}

public struct IPBlock: Equatable, Hashable, Sendable, Encodable {
    public var cidr: String
    public var except: [String]?

    public init(cidr: String, except: [String]? = nil) {
        self.cidr = cidr
        self.except = except
    }
}

public struct NetworkPolicyPort: Equatable, Hashable, Sendable, Encodable {
    public var `protocol`: PortProtocol
    public var port: IntOrString

    /// Allows a named container port.
    public init(_ port: ContainerPort) {
        self.protocol = port.protocol
        self.port = .string(port.name)
    }

    public init(protocol: PortProtocol, number: Int) {
        self.protocol = `protocol`
        self.port = .int(number)
    }
}

public struct NetworkPolicyIngressRule: Equatable, Hashable, Sendable, Encodable {
    public var from: [NetworkPolicyPeer]?
    public var ports: [NetworkPolicyPort]?
    public init(from: [NetworkPolicyPeer]? = nil, ports: [NetworkPolicyPort]? = nil) {
        self.from = from
        self.ports = ports
    }
}

public struct NetworkPolicyEgressRule: Equatable, Hashable, Sendable, Encodable {
    public var to: [NetworkPolicyPeer]?
    public var ports: [NetworkPolicyPort]?
    public init(to: [NetworkPolicyPeer]? = nil, ports: [NetworkPolicyPort]? = nil) {
        self.to = to
        self.ports = ports
    }
}
