import KubeModel

/// One end of a connection: pods of this namespace, pods of another namespace, or addresses
/// outside the cluster.
public struct Peer: Hashable, Sendable {
    public enum Location: Hashable, Sendable {
        /// Pods of the environment's namespace, selected by labels.
        case pods(Labels)
        /// Pods of another namespace (the ingress controller, Prometheus, DNS).
        case podsIn(namespace: String, pods: Labels)
        /// Addresses outside the cluster (a managed database, an object store), as CIDRs, less
        /// the ranges in `except`.
        case addresses([String], except: [String] = [])
    }

    /// What the peer is, for policy names, docs and diagrams (`backend`, `ingress-nginx`).
    public var name: String
    public var location: Location

    public init(_ name: String, _ location: Location) {
        self.name = name
        self.location = location
    }

    /// The namespace of another namespace's pods (`podsIn`), nil otherwise.
    public var namespace: String? {
        if case .podsIn(let namespace, _) = location { return namespace }
        return nil
    }

    /// The labels of the peer's pods, empty for addresses.
    public var podLabels: Labels {
        switch location {
        case .pods(let labels), .podsIn(_, let labels): labels
        case .addresses: [:]
        }
    }

    /// Whether the peer's pods live in the environment's namespace (and get their own policy).
    public var isLocal: Bool {
        if case .pods = location { return true }
        return false
    }
}

/// "`from` talks to `to` on `ports`", declared once. It yields the NetworkPolicy rules on both
/// sides, the client's configuration (`clientConfig`, `clientEnv`) and the architecture diagram's
/// arrow: nothing else lists these ports again.
public struct Connection: Hashable, Sendable {
    public var from: Peer
    public var to: Peer
    /// Ports of `to`: named container ports for local pods, numbered for anything else.
    public var ports: [ContainerPort]
    /// Why the connection exists (docs, diagram labels).
    public var purpose: String
    /// Non-secret settings the client needs to reach the target (host, port), for its ConfigMap.
    public var clientConfig: StringMap
    /// Environment variables that carry secrets (references only) or compose settings.
    public var clientEnv: [EnvVar]
    /// Where the connection was declared: a connection to a component that is not deployed is
    /// reported at this line.
    public var source: SourceLocation

    public init(from: Peer, to: Peer, ports: [ContainerPort], purpose: String, clientConfig: StringMap = [:],
                clientEnv: [EnvVar] = [], fileID: StaticString = #fileID, line: UInt = #line) {
        self.init(from: from, to: to, ports: ports, purpose: purpose, clientConfig: clientConfig, clientEnv: clientEnv,
                  source: SourceLocation(fileID: fileID, line: line))
    }

    /// A connection derived from a declaration elsewhere (a service's route), located there.
    public init(from: Peer, to: Peer, ports: [ContainerPort], purpose: String, clientConfig: StringMap = [:],
                clientEnv: [EnvVar] = [], source: SourceLocation) {
        self.from = from
        self.to = to
        self.ports = ports
        self.purpose = purpose
        self.clientConfig = clientConfig
        self.clientEnv = clientEnv
        self.source = source
    }

    /// The NetworkPolicy port of `port` on this connection's target: by name on our own pods (the
    /// policy follows a renumbering), by number elsewhere (other pods' port names are not ours).
    func policyPort(_ port: ContainerPort) -> NetworkPolicyPort {
        to.isLocal ? NetworkPolicyPort(port) : NetworkPolicyPort(protocol: port.protocol, number: port.containerPort)
    }
}

/// Every connection of one environment.
public struct Topology: Sendable {
    public private(set) var connections: [Connection] = []

    public init() {}

    public mutating func add(_ connection: Connection) { connections.append(connection) }

    /// The configuration `client` gets from its outgoing connections, merged; two connections that
    /// set one key to different values are a model error.
    public func config(of client: Peer) throws -> StringMap {
        var config = StringMap()
        for c in connections where c.from == client {
            for (key, value) in c.clientConfig.pairs {
                if let existing = config[key], existing != value {
                    throw ComponentError("\(client.name): connections set \(key) to both \"\(existing)\" and \"\(value)\"")
                }
                config[key] = value
            }
        }
        return config
    }

    /// The environment variables `client` gets from its outgoing connections, in declaration order.
    public func env(of client: Peer) -> [EnvVar] {
        connections.filter { $0.from == client }.flatMap(\.clientEnv)
    }

    /// The local peers, in order of first appearance.
    public var localPeers: [Peer] {
        var seen: [Peer] = []
        for c in connections {
            for p in [c.from, c.to] where p.isLocal && !seen.contains(p) { seen.append(p) }
        }
        return seen
    }
}
