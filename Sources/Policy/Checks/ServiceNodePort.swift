import DocumentTree

extension Check {
    static let serviceNodePort = Check(
        id: "service-node-port",
        summary: "A Service should not be of type NodePort.",
        rationale: "A NodePort Service opens its port on every node's addresses, past the Ingress controller and its "
            + "TLS, rate limits and authentication, and from anywhere the nodes are reachable; NetworkPolicies see "
            + "the traffic as coming from the node. Ports in 30000–32767 are also shared cluster-wide, so two teams "
            + "collide.",
        remediation: "Use type ClusterIP behind an Ingress (or Gateway), or a LoadBalancer Service when the traffic "
            + "is not HTTP; suppress with the reason when a node port is really required.",
        severity: .warning, kinds: ["Service"]
    ) { object, _ in
        guard object.document["spec"]?["type"]?.stringValue == "NodePort" else { return [] }
        return [Violation("Service \"\(object.name)\" is of type NodePort: its ports are open on every node",
                          at: FieldPath("spec", "type"))]
    }
}
