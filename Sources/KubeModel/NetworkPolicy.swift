import DocumentTree

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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}

public struct NetworkPolicySpec: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("podSelector", podSelector)
        try fields.add("policyTypes", policyTypes)
        try fields.add("ingress", ingress)
        try fields.add("egress", egress)
        return fields.node
    }
}

public struct NetworkPolicyPeer: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?

    public init(podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil, ipBlock: IPBlock? = nil) {
        self.podSelector = podSelector
        self.namespaceSelector = namespaceSelector
        self.ipBlock = ipBlock
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("podSelector", podSelector)
        try fields.add("namespaceSelector", namespaceSelector)
        try fields.add("ipBlock", ipBlock)
        return fields.node
    }
}

public struct IPBlock: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var cidr: String
    public var except: [String]?

    public init(cidr: String, except: [String]? = nil) {
        self.cidr = cidr
        self.except = except
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("cidr", cidr)
        try fields.add("except", except)
        return fields.node
    }
}

public struct NetworkPolicyPort: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("protocol", `protocol`)
        try fields.add("port", port)
        return fields.node
    }
}

public struct NetworkPolicyIngressRule: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var from: [NetworkPolicyPeer]?
    public var ports: [NetworkPolicyPort]?
    public init(from: [NetworkPolicyPeer]? = nil, ports: [NetworkPolicyPort]? = nil) {
        self.from = from
        self.ports = ports
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("from", from)
        try fields.add("ports", ports)
        return fields.node
    }
}

public struct NetworkPolicyEgressRule: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var to: [NetworkPolicyPeer]?
    public var ports: [NetworkPolicyPort]?
    public init(to: [NetworkPolicyPeer]? = nil, ports: [NetworkPolicyPort]? = nil) {
        self.to = to
        self.ports = ports
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("to", to)
        try fields.add("ports", ports)
        return fields.node
    }
}
