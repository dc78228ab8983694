import Components
import DocumentTree
import Environments
import KubeModel
import Policy
@testable import Platform
import SecureMessenger
import XCTest

/// Evaluates the rendered NetworkPolicies as the API defines them (a connection needs an egress
/// rule at the source and an ingress rule at the target when either is selected by a policy of
/// that type) and compares the result with the declared topology, both ways.
final class NetworkIsolationTests: XCTestCase {
    /// A pod (or an address outside the cluster) that traffic leaves or reaches.
    struct Endpoint: CustomStringConvertible {
        var name: String
        var namespace: String?
        var labels: [String: String]
        /// Named container ports (name → number); empty for addresses and other namespaces' pods.
        var ports: [String: Int]
        var ip: String?
        var description: String { "\(name) (\(namespace ?? ip ?? "-"))" }
    }

    struct Cluster {
        var namespace: String
        var policies: [DocNode]
        var pods: [Endpoint]
    }

    func cluster(_ env: Environment) throws -> (Cluster, Topology) {
        let stack = try ProductStack.build(env)
        let deployed = stack.deployed
        var policies: [DocNode] = []
        var pods: [Endpoint] = []
        for manifest in deployed {
            if manifest.object is NetworkPolicy { policies.append(try manifest.document()) }
            guard let owner = manifest.object as? any PodTemplateOwner else { continue }
            let template = owner.podTemplate
            var ports: [String: Int] = [:]
            for c in template.spec.containers { for p in c.ports ?? [] { ports[p.name] = p.containerPort } }
            pods.append(Endpoint(name: manifest.id.name, namespace: env.namespace,
                                 labels: Dictionary(uniqueKeysWithValues: (template.metadata.labels?.map.pairs ?? []).map { ($0.key, $0.value) }),
                                 ports: ports))
        }
        return (Cluster(namespace: env.namespace!, policies: policies, pods: pods), stack.topology)
    }

    /// The endpoints a peer stands for: our pods it selects, or a stand-in outside.
    func endpoints(_ peer: Peer, in cluster: Cluster) -> [Endpoint] {
        switch peer.location {
        case .pods(let selector):
            return cluster.pods.filter { pod in selector.map.pairs.allSatisfy { pod.labels[$0.key] == $0.value } }
        case .podsIn(let namespace, let labels):
            return [Endpoint(name: peer.name, namespace: namespace,
                             labels: Dictionary(uniqueKeysWithValues: labels.map.pairs.map { ($0.key, $0.value) }), ports: [:])]
        case .addresses(let cidrs, _):
            return cidrs.map { Endpoint(name: peer.name, namespace: nil, labels: [:], ports: [:], ip: firstAddress($0)) }
        }
    }

    func firstAddress(_ cidr: String) -> String { String(cidr.split(separator: "/")[0]) }

    /// IPv4 CIDR containment.
    func contains(_ cidr: String, _ ip: String) -> Bool {
        func value(_ a: String) -> UInt32 { a.split(separator: ".").reduce(0) { $0 << 8 | UInt32($1)! } }
        let parts = cidr.split(separator: "/")
        let bits = UInt32(parts[1])!
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return value(String(parts[0])) & mask == value(ip) & mask
    }

    // MARK: The API's semantics

    func selects(_ selector: DocNode?, _ labels: [String: String]) -> Bool {
        let wanted = selector?["matchLabels"]?.stringMap ?? [:]
        XCTAssertNil(selector?["matchExpressions"], "the evaluator does not handle matchExpressions")
        return wanted.allSatisfy { labels[$0.key] == $0.value }
    }

    func peerMatches(_ peer: DocNode, _ endpoint: Endpoint, policyNamespace: String) -> Bool {
        if let block = peer["ipBlock"] {
            guard let ip = endpoint.ip, let cidr = block["cidr"]?.stringValue else { return false }
            let excluded = (block["except"]?.items ?? []).compactMap(\.stringValue)
            return contains(cidr, ip) && !excluded.contains { contains($0, ip) }
        }
        guard endpoint.ip == nil else { return false }
        if let ns = peer["namespaceSelector"] {
            guard let namespace = endpoint.namespace,
                  selects(ns, [NetworkIsolation.namespaceNameLabel: namespace]) else { return false }
        } else if endpoint.namespace != policyNamespace {
            return false
        }
        return peer["podSelector"].map { selects($0, endpoint.labels) } ?? true
    }

    func portMatches(_ rulePorts: DocNode?, port: ContainerPort, on target: Endpoint) -> Bool {
        guard let rulePorts else { return true }
        return rulePorts.items.contains { p in
            guard (p["protocol"]?.stringValue ?? "TCP") == port.protocol.rawValue else { return false }
            switch p["port"] {
            case .int(let n)?: return n == port.containerPort
            case .string(let name)?: return target.ports[name] == port.containerPort
            default: return true
            }
        }
    }

    /// Whether the policies let `from` reach `to` on `port` (both directions enforced where they
    /// select the pod; endpoints outside the namespace are not ours to restrict).
    func allowed(_ cluster: Cluster, from: Endpoint, to: Endpoint, port: ContainerPort) -> Bool {
        func side(_ pod: Endpoint, type: String, rules: String, peers: String, other: Endpoint) -> Bool {
            guard pod.namespace == cluster.namespace, pod.ip == nil else { return true }
            let selecting = cluster.policies.filter {
                selects($0["spec"]?["podSelector"], pod.labels)
                    && ($0["spec"]?["policyTypes"]?.items.contains(.string(type)) ?? false)
            }
            if selecting.isEmpty { return true }
            return selecting.contains { policy in
                (policy["spec"]?[rules]?.items ?? []).contains { rule in
                    let peersOK = rule[peers].map { $0.items.contains { peerMatches($0, other, policyNamespace: cluster.namespace) } } ?? true
                    return peersOK && portMatches(rule["ports"], port: port, on: to)
                }
            }
        }
        return side(from, type: "Egress", rules: "egress", peers: "to", other: to)
            && side(to, type: "Ingress", rules: "ingress", peers: "from", other: from)
    }

    // MARK: Tests

    func testEveryDeclaredConnectionIsAllowed() throws {
        for env in allEnvironments + [externalDataTier] {
            let (cluster, topology) = try cluster(env)
            XCTAssertGreaterThan(topology.connections.count, 10)
            for c in topology.connections {
                let sources = endpoints(c.from, in: cluster)
                let targets = endpoints(c.to, in: cluster)
                XCTAssertFalse(sources.isEmpty || targets.isEmpty, "\(env.name): \(c.from.name) → \(c.to.name) selects no pod")
                for s in sources { for t in targets { for port in c.ports {
                    XCTAssertTrue(allowed(cluster, from: s, to: t, port: port),
                                  "\(env.name): declared \(s) → \(t) port \(port.name) is blocked")
                } } }
            }
        }
    }

    /// Each rule of each policy opens only declared connections: every endpoint its peers match,
    /// on every port it lists, towards every pod the policy selects, is a declared connection.
    func testEveryRuleMatchesADeclaredConnection() throws {
        for env in allEnvironments + [externalDataTier] {
            let (cluster, topology) = try cluster(env)
            let known = topology.connections.flatMap { [$0.from, $0.to] }.flatMap { endpoints($0, in: cluster) }
            let declared = topology.connections
            for policy in cluster.policies {
                let name = policy["metadata"]?["name"]?.stringValue ?? ""
                let selected = cluster.pods.filter { selects(policy["spec"]?["podSelector"], $0.labels) }
                for (rules, peers, incoming) in [("ingress", "from", true), ("egress", "to", false)] {
                    for rule in policy["spec"]?[rules]?.items ?? [] {
                        let others = known.filter { o in rule[peers]?.items.contains { peerMatches($0, o, policyNamespace: cluster.namespace) } ?? true }
                        XCTAssertFalse(others.isEmpty, "\(env.name) \(name): a \(rules) rule matches nothing known")
                        for pod in selected {
                            for other in others {
                                let (from, to) = incoming ? (other, pod) : (pod, other)
                                let ok = declared.contains { c in
                                    endpoints(c.from, in: cluster).contains { $0.name == from.name && $0.namespace == from.namespace }
                                        && endpoints(c.to, in: cluster).contains { $0.name == to.name && $0.namespace == to.namespace }
                                        && c.ports.contains { portMatches(rule["ports"], port: $0, on: to) }
                                }
                                XCTAssertTrue(ok, "\(env.name) \(name): \(rules) rule opens \(from) → \(to), which is not declared")
                            }
                        }
                    }
                }
            }
        }
    }

    func testUndeclaredConnectionsAreDenied() throws {
        let (cluster, topology) = try cluster(staging)
        func pod(_ name: String) throws -> Endpoint { try XCTUnwrap(cluster.pods.first { $0.name == name }) }
        let internet = Endpoint(name: "internet", namespace: nil, labels: [:], ports: [:], ip: "93.184.216.34")
        let prometheus = try XCTUnwrap(endpoints(staging.cluster.prometheus, in: cluster).first)
        let denied: [(Endpoint, Endpoint, ContainerPort)] = [
            (try pod(web.name), try pod("postgres"), DataTier.postgresPort),
            (try pod(web.name), try pod("redis"), DataTier.redisPort),
            (try pod(backend.name), internet, ContainerPort(name: "https", 443)),
            (prometheus, try pod("postgres"), DataTier.postgresPort),
            (try pod("postgres"), try pod(backend.name), backend.port),
            // The object store rule is any public address on 443, never the cluster's own (the API
            // server's Service address here) nor the cloud metadata service.
            (try pod(Backups.dumpJob), Endpoint(name: "kubernetes", namespace: nil, labels: [:], ports: [:], ip: "10.96.0.1"),
             ClusterServices.objectStorePort),
            (try pod(Backups.dumpJob), Endpoint(name: "metadata", namespace: nil, labels: [:], ports: [:], ip: "169.254.169.254"),
             ClusterServices.objectStorePort),
            (try pod(web.name), internet, ClusterServices.objectStorePort),
        ]
        XCTAssertTrue(allowed(cluster, from: try pod(Backups.dumpJob), to: internet, port: ClusterServices.objectStorePort))
        for (from, to, port) in denied {
            XCTAssertFalse(allowed(cluster, from: from, to: to, port: port), "\(from) → \(to) \(port.name) is open")
        }
        XCTAssertTrue(cluster.policies.contains {
            $0["metadata"]?["name"]?.stringValue == NetworkIsolation.defaultDenyName
                && $0["spec"]?["podSelector"] == .mapping([]) && $0["spec"]?["ingress"] == nil && $0["spec"]?["egress"] == nil
        }, "no default deny")
        XCTAssertFalse(topology.connections.isEmpty)
    }

    /// A managed PostgreSQL: no StatefulSet, egress to its address range only, the backend's
    /// settings point at its host, and Prometheus no longer scrapes an exporter that is not there.
    func testExternalDatabaseChangesTheTreeThePoliciesAndTheWiring() throws {
        let stack = try ProductStack.build(externalDataTier)
        let ids = Set(stack.shared.map(\.id.description))
        XCTAssertFalse(ids.contains("StatefulSet/postgres"))
        XCTAssertTrue(ids.contains("StatefulSet/redis"))
        let policy = try XCTUnwrap(stack.shared.compactMap { $0.object as? NetworkPolicy }
            .first { $0.metadata.name == "backend-connections" })
        XCTAssertTrue(policy.spec.egress?.contains { $0.to?.first?.ipBlock?.cidr == "10.20.0.0/16"
            && $0.ports == [NetworkPolicyPort(protocol: .tcp, number: 5432)] } ?? false)
        let config = try XCTUnwrap(stack.shared.compactMap { $0.object as? ConfigMap }.first { $0.metadata.name.hasPrefix("backend-config") })
        XCTAssertEqual(config.data["DATABASE_HOST"], "messenger.abc123.eu-west-1.rds.amazonaws.com")
        XCTAssertFalse(stack.topology.connections.contains { $0.from == externalDataTier.cluster.prometheus && $0.to.name == "postgres" })
    }

    let externalDataTier = Environment.named("managed") { env in
        env.postgres = .external(host: "messenger.abc123.eu-west-1.rds.amazonaws.com", cidrs: ["10.20.0.0/16"])
    }
}
