import KubeModel

/// NetworkPolicies derived from a topology: a default deny of all ingress and egress for the
/// namespace, then one policy per local component that opens exactly its declared connections,
/// one rule per connection, on both ends (egress at the client, ingress at the server).
public enum NetworkIsolation {
    /// The name of the namespace-wide deny policy.
    public static let defaultDenyName = "default-deny-all"

    public static func policies(_ topology: Topology, namespace: String?, labels: Labels) -> [NetworkPolicy] {
        let deny = NetworkPolicy(
            metadata: ObjectMeta(name: defaultDenyName, namespace: namespace, labels: labels),
            spec: NetworkPolicySpec(podSelector: .all, policyTypes: ["Ingress", "Egress"]))
        return [deny] + topology.localPeers.map { peer in
            guard case .pods(let selector) = peer.location else { preconditionFailure("local peers select pods") }
            let incoming = topology.connections.filter { $0.to == peer }
            let outgoing = topology.connections.filter { $0.from == peer }
            return NetworkPolicy(
                metadata: ObjectMeta(name: "\(peer.name)-connections", namespace: namespace, labels: labels),
                spec: NetworkPolicySpec(
                    podSelector: LabelSelector(matchLabels: selector), policyTypes: ["Ingress", "Egress"],
                    ingress: incoming.isEmpty ? nil : incoming.map {
                        NetworkPolicyIngressRule(from: networkPeers($0.from), ports: $0.ports.map($0.policyPort))
                    },
                    egress: outgoing.isEmpty ? nil : outgoing.map {
                        NetworkPolicyEgressRule(to: networkPeers($0.to), ports: $0.ports.map($0.policyPort))
                    }))
        }
    }

    /// Pods of another namespace are matched with the label every namespace carries since
    /// Kubernetes 1.22, which nobody can forge without renaming the namespace.
    static func networkPeers(_ peer: Peer) -> [NetworkPolicyPeer] {
        switch peer.location {
        case .pods(let labels):
            [NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: labels))]
        case .podsIn(let namespace, let labels):
            [NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: labels),
                               namespaceSelector: LabelSelector(matchLabels: [namespaceNameLabel: namespace]))]
        case .addresses(let cidrs, let except):
            cidrs.map { NetworkPolicyPeer(ipBlock: IPBlock(cidr: $0, except: except.isEmpty ? nil : except)) }
        }
    }

    /// The label the API server sets on every Namespace to its name.
    public static let namespaceNameLabel = "kubernetes.io/metadata.name"
}
