import DocumentTree

extension Check {
    static let hostPort = Check.perContainer(
        id: "host-port",
        summary: "Container ports should not set hostPort.",
        rationale: "A hostPort binds the port on the node's own address: it bypasses the Service and, with most "
            + "CNI plugins, NetworkPolicy, exposes the pod to anything that reaches the node, and pins the pod to "
            + "nodes where the port is free (two replicas cannot share a node; rollouts stall). Pods with "
            + "hostNetwork: true are left to host-namespaces, since the API defaults hostPort there anyway.",
        remediation: "Remove ports[].hostPort and expose the container through a Service (NodePort or LoadBalancer "
            + "if it must be reachable from outside the cluster).",
        severity: .warning
    ) { container, pod, _ in
        guard pod.spec["hostNetwork"]?.boolValue != true else { return [] }
        return (container["ports"]?.items ?? []).enumerated().compactMap { i, port in
            guard let host = port["hostPort"]?.intValue, host != 0 else { return nil }
            let number = port["containerPort"]?.intValue.map { " for container port \($0)" } ?? ""
            return Violation("\(SecuritySupport.label(container)) binds host port \(host)\(number)",
                             at: container.path / "ports" / i / "hostPort")
        }
    }
}
